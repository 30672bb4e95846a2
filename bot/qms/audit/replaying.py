"""Replay each stored record's events and compare the result with its row, page by page.

Records are read in keyset pages of `PAGE` (one query for the rows, one for their
events, one for any state in other tables), so memory stays flat however many there are.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Text, cast, exists, select
from sqlalchemy.orm import Session

from bot.qms.audit.registry import TRAILS
from bot.qms.audit.walk import SQLITE_AT
from bot.qms.plain import as_utc
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
    for trail in trails:
        missing = _recorded_not_stored(session, team_id, trail)
        if missing:
            return replayed, missing
        for rows in _pages(session, team_id, trail):
            ids = [row._mapping[trail.id_column] for row in rows]
            events = _events_of(session, team_id, trail, ids)
            extra = trail.extra(session, team_id, rows) if trail.extra else {}
            for record_id, row in zip(ids, rows, strict=True):
                mismatch = _compare(trail, record_id, row, events.get(record_id, ()), extra.get(record_id, {}))
                if mismatch:
                    return replayed, mismatch
                replayed += 1
    return replayed, None


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
        .order_by(AuditEvent.seq).limit(1)).first()
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


def _events_of(session: Session, team_id: str, trail: Trail, record_ids: list[str]) -> dict[str, list]:
    found: dict[str, list] = defaultdict(list)
    connection = session.connection()
    at = SQLITE_AT if connection.dialect.name == "sqlite" else AuditEvent.at
    rows = connection.execute(
        select(AuditEvent.record_id, AuditEvent.seq, AuditEvent.action, AuditEvent.actor, at,
               cast(AuditEvent.after, Text))
        .where(AuditEvent.team_id == team_id, AuditEvent.record_type == trail.record_type,
               AuditEvent.record_id.in_(record_ids))
        .order_by(AuditEvent.record_id, AuditEvent.seq)).all()  # fetched at once, not row by row
    for row in rows:
        found[row[0]].append(Event(*row))
    return found


class Event:
    """One event as a fold sees it: `after` parsed; `at` parsed only if the fold asks (most never do)."""

    __slots__ = ("record_id", "seq", "action", "actor", "_at", "after")

    def __init__(self, record_id: str, seq: int, action: str, actor: str | None, at, after: str | None):
        self.record_id, self.seq, self.action, self.actor, self._at = record_id, seq, action, actor, at
        self.after = json.loads(after) if after is not None else None

    @property
    def at(self) -> datetime:
        return as_utc(datetime.fromisoformat(self._at)) if isinstance(self._at, str) else self._at
