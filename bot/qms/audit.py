"""Write and verify the tamper-evident audit trail.

Every state change calls `record` inside its own transaction, so the change and
its audit event commit or roll back together.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.qms.rows import insert_ignore
from models import AuditEvent, AuditHead

GENESIS = "0" * 64


def as_utc(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC; aware ones are converted to it."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def jsonable(value: Any) -> Any:
    """Plain JSON values, so what is stored is exactly what was hashed."""
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(item) for item in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def event_hash(event: AuditEvent) -> str:
    content = {
        "team_id": event.team_id, "seq": event.seq, "record_type": event.record_type,
        "record_id": event.record_id, "action": event.action, "actor": event.actor,
        "at": as_utc(event.at).isoformat(timespec="microseconds"), "before": event.before,
        "after": event.after, "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(
    session: Session, *, team_id: str, record_type: str, record_id: str, action: str,
    actor: str | None, now: datetime, before: dict | None = None, after: dict | None = None,
) -> AuditEvent:
    """Append one event to the workspace's chain (locks the chain head until commit)."""
    insert_ignore(session, AuditHead, team_id=team_id, seq=0, hash=GENESIS)
    seq, prev_hash = session.execute(
        update(AuditHead).where(AuditHead.team_id == team_id)
        .values(seq=AuditHead.seq + 1).returning(AuditHead.seq, AuditHead.hash)
        .execution_options(synchronize_session=False)
    ).one()
    event = AuditEvent(
        team_id=team_id, seq=seq, record_type=record_type, record_id=record_id, action=action,
        actor=actor, at=as_utc(now), before=jsonable(before), after=jsonable(after),
        prev_hash=prev_hash, hash="",
    )
    event.hash = event_hash(event)
    session.execute(
        update(AuditHead).where(AuditHead.team_id == team_id).values(hash=event.hash)
        .execution_options(synchronize_session=False)
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class Verdict:
    team_id: str
    checked: int
    broken_seq: int | None = None
    broken_record: str | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None


def verify(session: Session, *, team_id: str) -> Verdict:
    """Re-walk the chain; name the first event that does not fit."""
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.team_id == team_id).order_by(AuditEvent.seq)
    )
    for event in events:
        where = {"broken_seq": event.seq, "broken_record": f"{event.record_id} ({event.action})"}
        if event.seq != expected_seq:
            return Verdict(team_id, checked, reason=f"event {expected_seq} is missing", **where)
        if event.prev_hash != expected_prev:
            return Verdict(team_id, checked, reason="link to the previous event is broken", **where)
        if event_hash(event) != event.hash:
            return Verdict(team_id, checked, reason="content was changed after it was written", **where)
        expected_prev, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = session.get(AuditHead, team_id)
    if head is not None and (head.seq != checked or head.hash != expected_prev):
        return Verdict(team_id, checked, broken_seq=checked + 1, broken_record="(end of trail)",
                       reason=f"the trail ends at event {checked} but {head.seq} were written")
    return Verdict(team_id, checked)


def team_ids(session: Session) -> list[str]:
    return list(session.scalars(select(AuditHead.team_id).order_by(AuditHead.team_id)))
