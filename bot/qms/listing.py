"""The shapes `/qms mine` and the Home tab list, and links to where records' cards are."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import SlackMessage
from models.outbox import CARD, DM

LIMIT = 50


@dataclass(frozen=True)
class Viewer:
    team_id: str
    user_id: str
    is_manager: bool


@dataclass(frozen=True)
class Item:
    record_id: str
    title: str
    status: str
    link: str | None = None


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...]
    empty: str = "Nothing here."


@dataclass(frozen=True)
class SectionSource:
    """One list: its title, what to say when it is empty, and the query that fills it."""

    title: str
    empty: str
    query: Callable[[Session, Viewer], list[Item]]


def card_links(session: Session, *, team_id: str, record_type: str, record_ids: Sequence[str],
               dm_of: str | None = None) -> dict[str, str]:
    """record id -> link to its card (Slack's permalink, once the outbox has asked for it), in one query;
    with `dm_of`, to that person's DM copy where they have one (that is where their buttons are)."""
    if not record_ids:
        return {}
    rows = session.execute(select(SlackMessage.record_id, SlackMessage.role, SlackMessage.holder,
                                  SlackMessage.permalink).where(
        SlackMessage.team_id == team_id, SlackMessage.record_type == record_type,
        SlackMessage.record_id.in_(list(record_ids)))).all()
    links: dict[str, str] = {}
    for row in sorted(rows, key=lambda row: row.role == DM):  # a DM copy, when wanted, overrides the card
        if row.permalink and (row.role == CARD or (dm_of and row.holder == dm_of)):
            links[row.record_id] = row.permalink
    return links
