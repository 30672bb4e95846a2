"""What `/qms mine` and the Home tab list: sections built from small queries.

Each section is one entry of SECTIONS (title, what to say when empty, query);
another record type adds its own with one line. Items carry the same attribute
names the Home tab builder reads (record_id, title, status, link).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.qms import nc
from bot.qms.nc_rules import STATUS_LABELS
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
    title: str
    empty: str
    query: Callable[[Session, Viewer], list[Item]]


def nc_items(session: Session, team_id: str, records: Sequence) -> list[Item]:
    links = card_links(session, team_id=team_id, record_ids=[record.record_id for record in records])
    return [Item(record.record_id, record.title, STATUS_LABELS[record.status], links.get(record.record_id))
            for record in records]


def ncs_waiting(session: Session, viewer: Viewer) -> list[Item]:
    return nc_items(session, viewer.team_id, nc.waiting_on(session, team_id=viewer.team_id, user_id=viewer.user_id,
                                                           is_manager=viewer.is_manager, limit=LIMIT))


def ncs_open(session: Session, viewer: Viewer) -> list[Item]:
    return nc_items(session, viewer.team_id, nc.open_for(session, team_id=viewer.team_id, user_id=viewer.user_id,
                                                         limit=LIMIT))


SECTIONS: list[SectionSource] = [
    SectionSource("Nonconformances waiting on you", "No nonconformance is waiting on you.", ncs_waiting),
    SectionSource("Your open nonconformances", "You have no open nonconformances.", ncs_open),
]


def sections(session: Session, *, team_id: str, user_id: str, is_manager: bool,
             sources: Sequence[SectionSource] | None = None) -> list[Section]:
    viewer = Viewer(team_id, user_id, is_manager)
    return [Section(source.title, tuple(source.query(session, viewer)), source.empty)
            for source in (SECTIONS if sources is None else sources)]


def card_links(session: Session, *, team_id: str, record_ids: Sequence[str]) -> dict[str, str]:
    """Links to the records' cards (where the outbox saved them), in one query."""
    if not record_ids:
        return {}
    names = {f"{CARD_PREFIX}{record_id}": record_id for record_id in record_ids}
    rows = session.scalars(select(SlackMessage).where(SlackMessage.team_id == team_id,
                                                      SlackMessage.name.in_(list(names))))
    return {names[row.name]: message_link(row.channel, row.ts) for row in rows}
