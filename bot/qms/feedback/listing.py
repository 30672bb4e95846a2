"""Customer feedback in `/qms mine` and on the Home tab: what the person logged."""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot.qms.feedback import records
from bot.qms.feedback.rules import SCALES, is_low
from bot.qms.listing import LIMIT, Item, SectionSource, Viewer, card_links, probe_of


def status_of(record) -> str:
    if record.raised_nc:
        return f"{record.raised_nc} raised"
    return "Low score" if is_low(record.scale, record.score) else "Logged"


def feedback_logged(session: Session, viewer: Viewer) -> list[Item]:
    found = records.logged_by(session, team_id=viewer.team_id, user_id=viewer.user_id, limit=LIMIT)
    links = card_links(session, team_id=viewer.team_id, record_type=records.RECORD_TYPE,
                       record_ids=[record.record_id for record in found])
    return [Item(record.record_id, f"{record.customer}: {record.score}/{SCALES[record.scale][1]}", status_of(record),
                 links.get(record.record_id)) for record in found]


SECTIONS = [SectionSource("Customer feedback you logged", "You have not logged customer feedback.",
                          feedback_logged, probe=probe_of(records.LOGGED_BY.statement))]
