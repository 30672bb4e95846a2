"""Where each reminded item's card is, for each person: their own DM copy where they have one (that is
where their buttons are), else the record's card. One query for the whole sweep."""
from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import SlackMessage
from models.outbox import CARD, DM


def links_for(session: Session, *, team_id: str,
              wanted: Collection[tuple[str, str, str]]) -> dict[str, dict[str, str]]:
    """person -> record id -> permalink, for the (person, record_type, record_id) items their DM shows."""
    if not wanted:
        return {}
    rows = session.execute(select(SlackMessage.record_type, SlackMessage.record_id, SlackMessage.role,
                                  SlackMessage.holder, SlackMessage.permalink).where(
        SlackMessage.team_id == team_id, SlackMessage.role.in_((CARD, DM)), SlackMessage.permalink.is_not(None),
        SlackMessage.record_type.in_(sorted({kind for _, kind, _ in wanted})),
        SlackMessage.record_id.in_(sorted({record_id for _, _, record_id in wanted})))).all()
    cards = {(row.record_type, row.record_id): row.permalink for row in rows if row.role == CARD}
    copies = {(row.holder, row.record_type, row.record_id): row.permalink for row in rows if row.role == DM}
    links: dict[str, dict[str, str]] = {}
    for person, record_type, record_id in wanted:
        link = copies.get((person, record_type, record_id)) or cards.get((record_type, record_id))
        if link:
            links.setdefault(person, {})[record_id] = link
    return links
