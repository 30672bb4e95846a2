"""Replay each stored record's events and compare the result with its row, page by page.

Records are read in keyset pages of `PAGE` (one query for the rows, one index range for their
events, one for any state in other tables), so memory stays flat however many there are. A `Split`
shares the records out between two processes: this one replays each trail's ids below its split id,
the other (bot/audit_elsewhere.py, which also walks the chain) the rest.
"""
from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter

from sqlalchemy import Text, cast, exists, func, select
from sqlalchemy.orm import Session

from bot.qms.audit.registry import TRAILS
from bot.qms.audit.tuples import tuples
from bot.qms.audit.walk import SQLITE_AT
from bot.qms.plain import as_utc, parsed
from bot.qms.replay import Trail, expected, first_difference
from models import AuditEvent

PAGE = 1000
Split = dict[str, str]  # record type -> the first id of the records the second process replays


@dataclass(frozen=True)
class Mismatch:
    record: str  # "NC-3"
    seq: int | None  # the newest event of that record, if any
    reason: str


def check(session: Session, *, team_id: str, trails: Sequence[Trail] = TRAILS, split: Split | None = None,
          rest: bool = False) -> tuple[int, Mismatch | None]:
    """(records replayed, the first whose stored state does not match its trail). With a `split`, only the
    records below each trail's split id, or (`rest`) only those from it on."""
    replayed = 0
    with fewer_collections():
        for trail in trails:
            start, stop = _share(trail, split, rest)
            if start is None and rest:
                continue  # nothing of this trail is the second process's
            missing = None if rest else _recorded_not_stored(session, team_id, trail)
            if missing:
                return replayed, missing
            # a row's columns by position, not by name: a Row's mapping looks every name up (3M at 110k NCs)
            names = list(trail.model.__table__.columns.keys())  # _pages selects the whole table, in this order
            record_id_of = itemgetter(names.index(trail.id_column))
            fields = _picker([names.index(name) for name in trail.fields])
            for rows in _pages(session, team_id, trail, start=start, stop=stop):
                ids = list(map(record_id_of, rows))
                events = _events_of(session, team_id, trail, ids[0], ids[-1])
                extra = trail.extra(session, team_id, rows) if trail.extra else {}
                for record_id, row in zip(ids, rows, strict=True):
                    stored = dict(zip(trail.fields, fields(row), strict=True))
                    mismatch = _compare(trail, record_id, stored, events.get(record_id, ()),
                                        extra.get(record_id, {}))
                    if mismatch:
                        return replayed, mismatch
                    replayed += 1
    return replayed, None


def _picker(positions: list[int]):
    """The values at `positions` of a row, as a tuple (itemgetter gives a bare value for one position)."""
    if len(positions) > 1:
        return itemgetter(*positions)
    return lambda row: tuple(row[position] for position in positions)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cycle collector wakes every 700 new objects and, as a page's events pile up, looks at all
    of them again: a quarter of the replay. Events and states make no cycles, so it wakes far less here."""
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], 50_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _compare(trail: Trail, record_id: str, stored: dict, events: Sequence, extra: dict) -> Mismatch | None:
    newest = events[-1].seq if events else None
    if trail.created_by and not any(event.action == trail.created_by for event in events):
        reason = ("is stored but the trail holds no event for it" if not events
                  else f"is stored but the trail never records its creation ({trail.created_by})")
        return Mismatch(record_id, newest, reason)
    if extra:
        stored.update(extra)
    difference = first_difference(expected(trail, events), stored)
    return Mismatch(record_id, newest, difference) if difference else None


def _recorded_not_stored(session: Session, team_id: str, trail: Trail) -> Mismatch | None:
    """A record the trail says was created whose row is gone."""
    if not trail.created_by:
        return None
    table = trail.model.__table__
    gone = session.execute(
        select(AuditEvent.record_id, AuditEvent.seq)
        .where(AuditEvent.team_id == team_id, AuditEvent.record_type == trail.record_type,
               AuditEvent.action == trail.created_by,
               ~exists().where(table.c.team_id == team_id, table.c[trail.id_column] == AuditEvent.record_id))
        .order_by(AuditEvent.seq + 0).limit(1)).first()  # + 0: seek this type's events, not walk the trail
    if gone is None:
        return None
    return Mismatch(gone.record_id, gone.seq, "is in the trail but its stored record is gone")


def split_at(session: Session, *, team_id: str, share: float, trails: Sequence[Trail] = TRAILS) -> Split:
    """Per trail, the id from which the last `share` of its records (in id order) begin: a count and one
    offset into the id index each."""
    found: Split = {}
    for trail in trails:
        table = trail.model.__table__
        key, mine = table.c[trail.id_column], table.c.team_id == team_id
        records = session.scalar(select(func.count()).select_from(table).where(mine)) or 0
        first = session.scalar(select(key).where(mine).order_by(key).offset(int(records * (1 - share))).limit(1))
        if first is not None:
            found[trail.record_type] = first
    return found


def _share(trail: Trail, split: Split | None, rest: bool) -> tuple[str | None, str | None]:
    """(first id, id to stop before) of the records this call replays."""
    if split is None:
        return None, None
    at = split.get(trail.record_type)
    return (at, None) if rest else (None, at)


def _pages(session: Session, team_id: str, trail: Trail, *, start: str | None = None,
           stop: str | None = None) -> Iterator[list]:
    table = trail.model.__table__
    key = table.c[trail.id_column]
    after = None
    while True:
        query = select(table).where(table.c.team_id == team_id)
        if after is not None:
            query = query.where(key > after)
        elif start is not None:
            query = query.where(key >= start)
        if stop is not None:
            query = query.where(key < stop)
        rows = session.connection().execute(query.order_by(key).limit(PAGE)).all()
        if not rows:
            return
        yield rows
        after = rows[-1]._mapping[trail.id_column]


def _events_of(session: Session, team_id: str, trail: Trail, first: str, last: str) -> dict[str, list]:
    """The events of the records `first`..`last` (a page, in key order), each record's oldest first.

    One index range, read in the index's own order (by record, then id: on SQLite no sort at all);
    ids follow seq within a workspace (the head's lock orders the inserts), and any record whose
    events came back out of seq order is sorted, so the fold never depends on that."""
    found: dict[str, list] = defaultdict(list)
    at = SQLITE_AT if session.get_bind().dialect.name == "sqlite" else AuditEvent.at
    rows = tuples(session, select(AuditEvent.record_id, AuditEvent.seq, AuditEvent.action, AuditEvent.actor, at,
                                  cast(AuditEvent.after, Text))
                  .where(AuditEvent.team_id == team_id, AuditEvent.record_type == trail.record_type,
                         AuditEvent.record_id >= first, AuditEvent.record_id <= last)
                  .order_by(AuditEvent.record_id, AuditEvent.id))
    unordered = set()
    for row in rows:
        events = found[row[0]]
        if events and events[-1].seq > row[1]:
            unordered.add(row[0])
        events.append(Event(*row))
    for record_id in unordered:
        found[record_id].sort(key=lambda event: event.seq)
    return found


class Event:
    """One event as a fold sees it: `after` parsed; `at` parsed only if the fold asks (most never do)."""

    __slots__ = ("record_id", "seq", "action", "actor", "_at", "after")

    def __init__(self, record_id: str, seq: int, action: str, actor: str | None, at, after: str | None):
        self.record_id, self.seq, self.action, self.actor, self._at = record_id, seq, action, actor, at
        self.after = parsed(after)

    @property
    def at(self) -> datetime:
        return as_utc(datetime.fromisoformat(self._at)) if isinstance(self._at, str) else self._at

