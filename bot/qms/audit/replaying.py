"""Replay each stored record's events and compare the result with its row, page by page.

Records are read in keyset pages of `PAGE` (one query for the rows, one index range for their
events, one for any state in other tables), so memory stays flat however many there are.
"""
from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Text, cast, exists, select
from sqlalchemy.orm import Session

from bot.qms.audit.registry import TRAILS
from bot.qms.audit.tuples import tuples
from bot.qms.audit.walk import SQLITE_AT
from bot.qms.plain import as_utc, parsed
from bot.qms.replay import Trail, expected, first_difference
from models import AuditEvent

PAGE = 1000


@dataclass(frozen=True)
class Mismatch:
    record: str  # "NC-3"
    seq: int | None  # the newest event of that record, if any
    reason: str


def check(session: Session, *, team_id: str, trails: Sequence[Trail] = TRAILS) -> tuple[int, Mismatch | None]:
    """(records replayed, the first whose stored state does not match its trail)."""
    replayed = 0
    with fewer_collections():
        for trail in trails:
            missing = _recorded_not_stored(session, team_id, trail)
            if missing:
                return replayed, missing
            for rows in _pages(session, team_id, trail):
                ids = [row._mapping[trail.id_column] for row in rows]
                events = _events_of(session, team_id, trail, ids[0], ids[-1])
                extra = trail.extra(session, team_id, rows) if trail.extra else {}
                for record_id, row in zip(ids, rows, strict=True):
                    mismatch = _compare(trail, record_id, row, events.get(record_id, ()), extra.get(record_id, {}))
                    if mismatch:
                        return replayed, mismatch
                    replayed += 1
    return replayed, None


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


def _compare(trail: Trail, record_id: str, row, events: Sequence, extra: dict) -> Mismatch | None:
    newest = events[-1].seq if events else None
    if trail.created_by and not any(event.action == trail.created_by for event in events):
        reason = ("is stored but the trail holds no event for it" if not events
                  else f"is stored but the trail never records its creation ({trail.created_by})")
        return Mismatch(record_id, newest, reason)
    columns = row._mapping
    stored = {**{name: columns[name] for name in trail.fields}, **extra}
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


def _pages(session: Session, team_id: str, trail: Trail) -> Iterator[list]:
    table = trail.model.__table__
    key = table.c[trail.id_column]
    after = None
    while True:
        query = select(table).where(table.c.team_id == team_id)
        if after is not None:
            query = query.where(key > after)
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

