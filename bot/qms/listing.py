"""The shapes `/qms mine` and the Home tab list, and links to where records' cards are."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.qms.threads import CARD_PREFIX, message_link
from models import SlackMessage

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


def card_links(session: Session, *, team_id: str, record_ids: Sequence[str],
               suffixes: Sequence[str] = ("",)) -> dict[str, str]:
    """record id -> link to its card, in one query. A record may have several saved copies
    ("card:APR-3", "card:APR-3:dm:U1"): the first suffix found, in the order given, wins."""
    names = {f"{CARD_PREFIX}{record_id}{suffix}": (record_id, rank)
             for record_id in record_ids for rank, suffix in enumerate(suffixes)}
    if not names:
        return {}
    rows = session.scalars(select(SlackMessage).where(SlackMessage.team_id == team_id,
                                                      SlackMessage.name.in_(list(names))))
    best: dict[str, tuple[int, str]] = {}
    for row in rows:
        record_id, rank = names[row.name]
        if rank < best.get(record_id, (len(suffixes), ""))[0]:
            best[record_id] = (rank, message_link(row.channel, row.ts))
    return {record_id: link for record_id, (_, link) in best.items()}
