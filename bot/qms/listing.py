"""The shapes `/qms mine` and the Home tab list, and links to where records' cards are."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, literal, select
from sqlalchemy.orm import Session, aliased

from models import SlackMessage
from models.outbox import CARD, DM

SHOWN = 20  # items a list shows
LIMIT = SHOWN + 1  # read one more than shown: enough to tell there are more, and no row beyond


@dataclass(frozen=True)
class Viewer:
    team_id: str
    user_id: str
    is_manager: bool
    now: datetime  # as the person looks: what is due or overdue is so at this moment


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
    """One list: its title, what to say when it is empty, and the query that fills it. A list that is
    usually empty also gives a `probe`: a SELECT (bindparams `team_id`, `user_id`, `now`) that finds a row
    exactly when the list has one. The probes of all lists run as one statement (bot.qms.mine), and only
    the lists whose probe found something are read: one round trip instead of one per empty list."""

    title: str
    empty: str
    query: Callable[[Session, Viewer], list[Item]]
    probe: Select | None = None


# The parameters every list statement and probe takes: the viewer's workspace and id, and the moment.
TEAM, USER, NOW = bindparam("team_id"), bindparam("user_id"), bindparam("now")


def probe_of(statement: Select) -> Select:
    """A list's statement as its probe: the same rows, none of their columns, order or limit."""
    return statement.with_only_columns(literal(1)).order_by(None).limit(None)


def with_links(statement: Select, model, record_type: str, *, dm_of: ColumnElement | None = None) -> Select:
    """`statement` (rows of `model`, a record type) with a `link` column: Slack's permalink of each
    record's card, or with `dm_of` (a user id, e.g. a bindparam) of that person's DM copy where they have
    one (that is where their buttons are). Joined on the copies' unique key, so a list with its links is
    one statement (card_links, once per list, costs more than the list itself)."""
    card = aliased(SlackMessage)
    statement = statement.outerjoin(card, _copy_of(card, model, record_type, CARD, ""))
    link = card.permalink
    if dm_of is not None:
        dm = aliased(SlackMessage)
        statement = statement.outerjoin(dm, _copy_of(dm, model, record_type, DM, dm_of))
        link = func.coalesce(dm.permalink, card.permalink)
    return statement.add_columns(link.label("link"))


def _copy_of(copy, model, record_type: str, role: str, holder):
    return and_(copy.team_id == model.team_id, copy.record_type == record_type, copy.record_id == model.record_id,
                copy.role == role, copy.holder == holder)


def card_links(session: Session, *, team_id: str, record_type: str, record_ids: Sequence[str],
               dm_of: str | None = None) -> dict[str, str]:
    """record id -> link to its card (Slack's permalink, once the outbox has asked for it), in one query;
    with `dm_of`, to that person's DM copy where they have one (that is where their buttons are)."""
    if not record_ids:
        return {}
    rows = session.execute(_CARD_LINKS, {"team_id": team_id, "record_type": record_type,
                                         "record_ids": list(record_ids)}).all()
    links: dict[str, str] = {}
    for row in sorted(rows, key=lambda row: row.role == DM):  # a DM copy, when wanted, overrides the card
        if row.permalink and (row.role == CARD or (dm_of and row.holder == dm_of)):
            links[row.record_id] = row.permalink
    return links


# Built once: the lists run it for every section, on every /qms mine and Home tab.
_CARD_LINKS = select(SlackMessage.record_id, SlackMessage.role, SlackMessage.holder, SlackMessage.permalink).where(
    SlackMessage.team_id == bindparam("team_id"), SlackMessage.record_type == bindparam("record_type"),
    SlackMessage.record_id.in_(bindparam("record_ids", expanding=True)))
