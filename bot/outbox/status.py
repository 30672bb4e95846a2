"""How the outbox is doing: what `trellis outbox` prints and `/healthz` reports."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import OutboxMessage


@dataclass(frozen=True)
class Backlog:
    status: str  # pending | failed
    count: int
    oldest_at: datetime | None
    last_error: str | None  # of the newest row that has one

    def oldest_age(self, now: datetime) -> float | None:
        return None if self.oldest_at is None else max(0.0, (now - self.oldest_at).total_seconds())


def _scoped(statement, status: str, team_id: str | None):
    statement = statement.where(OutboxMessage.status == status)
    return statement.where(OutboxMessage.team_id == team_id) if team_id else statement


def backlog(session: Session, *, status: str, team_id: str | None = None) -> Backlog:
    count, oldest = session.execute(_scoped(
        select(func.count(), func.min(OutboxMessage.created_at)), status, team_id)).one()
    last_error = session.scalar(_scoped(select(OutboxMessage.last_error), status, team_id)
                                .where(OutboxMessage.last_error.is_not(None))
                                .order_by(OutboxMessage.id.desc()).limit(1))
    return Backlog(status, count, oldest, last_error)


def rows(session: Session, *, status: str, team_id: str | None = None, limit: int = 20) -> list[OutboxMessage]:
    """The oldest rows with this status."""
    return list(session.scalars(_scoped(select(OutboxMessage), status, team_id)
                                .order_by(OutboxMessage.id).limit(limit)))


def health(session: Session, *, now: datetime) -> dict:
    pending = backlog(session, status="pending")
    failed = backlog(session, status="failed")
    age = pending.oldest_age(now)
    return {"pending": pending.count, "oldest_pending_age_seconds": None if age is None else round(age, 1),
            "failed": failed.count}


def report(session: Session, *, now: datetime, team_id: str | None = None, limit: int = 20) -> list[str]:
    """`trellis outbox`: for pending and failed rows, the count, oldest age and last error, then the oldest
    rows, each with the record copy it posts, updates or replies under."""
    lines = []
    for status in ("pending", "failed"):
        summary = backlog(session, status=status, team_id=team_id)
        line = f"{status}: {summary.count}"
        if summary.count:
            line += f", oldest {duration(summary.oldest_age(now))} ago"
        if summary.last_error:
            line += f", last error: {summary.last_error}"
        lines.append(line)
        for row in rows(session, status=status, team_id=team_id, limit=limit):
            due = row.next_attempt_at - now
            when = (f"  next try in {duration(due.total_seconds())}" if status == "pending" and due.total_seconds() > 0
                    else "")
            lines.append(f"  #{row.id} {row.team_id} {row.key} {row.method}{_about(row)} attempts {row.attempts}{when}"
                         f"{'  ' + row.last_error if row.last_error else ''}")
        if summary.count > limit:
            lines.append(f"  ... and {summary.count - limit} more")
    return lines


USES = {"save": "posts", "ts": "updates", "thread_ts": "replies under"}


def _about(row: OutboxMessage) -> str:
    """Which record's copy the row is about, e.g. " (posts NC-12's card)"."""
    if not row.copy_use:
        return ""
    holder = f" for {row.copy_holder}" if row.copy_holder else ""
    return f" ({USES.get(row.copy_use, row.copy_use)} {row.record_id}'s {row.copy_role}{holder})"


def duration(seconds: float) -> str:
    seconds = int(seconds)
    for unit, size, smaller, smaller_size in (("d", 86400, "h", 3600), ("h", 3600, "m", 60), ("m", 60, "s", 1)):
        if seconds >= size:
            rest = (seconds % size) // smaller_size
            return f"{seconds // size}{unit}" + (f" {rest}{smaller}" if rest else "")
    return f"{seconds}s"
