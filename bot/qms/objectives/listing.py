"""Quality objectives in `/qms mine` and on the Home tab: the ones the person owns, with where they stand."""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot.qms import workspaces
from bot.qms.listing import LIMIT, Item, SectionSource, Viewer, card_links, probe_of
from bot.qms.objectives import records
from bot.qms.objectives.measures import shown, target_text
from bot.qms.objectives.values import objective_values


def objectives_owned(session: Session, viewer: Viewer) -> list[Item]:
    owned = records.active(session, team_id=viewer.team_id, owner=viewer.user_id, limit=LIMIT)
    if not owned:
        return []
    settings = workspaces.settings_or_stored(session, team_id=viewer.team_id, settings=None)
    values = objective_values(session, team_id=viewer.team_id, objectives=owned, now=viewer.now,
                              timezone=settings.timezone)
    links = card_links(session, team_id=viewer.team_id, record_type=records.RECORD_TYPE,
                       record_ids=[objective.record_id for objective in owned])
    items = []
    for objective in owned:
        current = values[objective.id][0]
        status = f"{current.status.capitalize()}: {shown(objective, current.value)} (target {target_text(objective)})"
        items.append(Item(objective.record_id, objective.name, status, links.get(objective.record_id)))
    return items


SECTIONS = [SectionSource("Quality objectives you own", "You own no quality objectives.", objectives_owned,
                          probe=probe_of(records.ACTIVE_OWNED))]
