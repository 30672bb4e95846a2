"""The delivery side of the outbox: claim due rows, record what Slack answered.

Slack-free; bot.outbox.delivery does the sending. These queries span every workspace on
purpose: one worker delivers for all of them.

Order: rows with the same (team_id, key) go out in id order. A row is only
claimed when it is the first pending row of its key, so a thread line or a
`chat.update` never overtakes the post it depends on. Ids follow commit order
because every change locks the record it reports before it queues a message
(and SQLite serialises writers).

Claims: a claim is a lease (`claimed_by`, `claimed_until`) written in its own
transaction. PostgreSQL locks the candidates with FOR UPDATE SKIP LOCKED, so two
instances never claim the same row; SQLite's BEGIN IMMEDIATE serialises claims.
A worker that dies mid-lease leaves its rows to be claimed again when the lease
ends.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, func, or_, select, update
from sqlalchemy.orm import Session

from bot.outbox.queue import Copy
from models import OutboxMessage

LEASE = timedelta(minutes=5)
PAGE = 1000  # pending rows read per step when looking for the head row of each key
ERROR_MAX = 500  # length of OutboxMessage.last_error
# Core statements on the table: no ORM bookkeeping on the hot path (a commit per message).
TABLE = OutboxMessage.__table__
cols = TABLE.c


@dataclass(frozen=True)
class Claimed:
    """What the sender needs of one claimed row (plain values, usable after the session closed)."""

    id: int
    team_id: str
    key: str
    method: str
    args: dict[str, Any]
    copy: Copy | None
    use: str | None  # save | ts | thread_ts (see bot.outbox.queue)
    attempts: int

    @property
    def target(self) -> Copy | None:
        """The delivered copy this call needs (to update it, reply in its thread, or ask its permalink),
        unless the arguments already say where it is."""
        if self.use in ("ts", "thread_ts") or (self.use == "permalink" and "message_ts" not in self.args):
            return self.copy
        return None

    @property
    def saves(self) -> Copy | None:
        return self.copy if self.use == "save" else None


def _claimable(session: Session, *, now: datetime, limit: int) -> list[int]:
    """Ids of due, unleased rows that are the first pending row of their key, oldest first."""
    heads: list[int] = []
    seen: set[tuple[str, str]] = set()
    after = 0
    while len(heads) < limit:
        page = session.execute(
            select(cols.id, cols.team_id, cols.key, cols.next_attempt_at, cols.claimed_until)
            .where(cols.status == "pending", cols.id > after)
            .order_by(cols.id).limit(PAGE)).all()
        for row in page:
            if (row.team_id, row.key) in seen:
                continue  # an earlier row of this record is still waiting
            seen.add((row.team_id, row.key))
            if row.next_attempt_at <= now and (row.claimed_until is None or row.claimed_until <= now):
                heads.append(row.id)
                if len(heads) == limit:
                    break
        if len(page) < PAGE:
            break
        after = page[-1].id
    return heads


def claim_due(session: Session, *, worker: str, now: datetime, limit: int = 100,
              lease: timedelta = LEASE) -> list[Claimed]:
    """Lease up to `limit` deliverable rows to `worker`; commit before sending them."""
    candidates = _claimable(session, now=now, limit=limit)
    if not candidates:
        return []
    rows = session.execute(
        select(cols.id, cols.team_id, cols.key, cols.method, cols.args, cols.record_type, cols.record_id,
               cols.copy_role, cols.copy_holder, cols.copy_use, cols.attempts)
        .where(cols.id.in_(candidates), cols.status == "pending",
               or_(cols.claimed_until.is_(None), cols.claimed_until <= now))
        .order_by(cols.id)
        .with_for_update(skip_locked=True, of=TABLE)).all()  # SQLite: no-op, BEGIN IMMEDIATE holds
    if rows:
        session.execute(update(TABLE).where(cols.id.in_([r.id for r in rows]))
                        .values(claimed_by=worker, claimed_until=now + lease))
    return [Claimed(r.id, r.team_id, r.key, r.method, dict(r.args),
                    Copy(r.record_type, r.record_id, r.copy_role, r.copy_holder or "") if r.copy_use else None,
                    r.copy_use, r.attempts) for r in rows]


def _finish(**values):
    """An UPDATE of one row this worker holds, built once: building costs more than running it."""
    return (update(TABLE).where(cols.id == bindparam("p_id"), cols.claimed_by == bindparam("p_worker"),
                                cols.status == "pending")
            .values(claimed_by=None, claimed_until=None, **values))


_AT = bindparam("p_at", type_=cols.next_attempt_at.type)
_DELIVERED = _finish(status="delivered", delivered_at=_AT, attempts=cols.attempts + 1, last_error=None)
_RETRY = _finish(next_attempt_at=_AT, last_error=bindparam("p_error"), attempts=cols.attempts + 1)
_WAIT = _finish(next_attempt_at=_AT, last_error=bindparam("p_error"))
_FAILED = _finish(status="failed", last_error=bindparam("p_error"), attempts=cols.attempts + 1)


def _done(session: Session, statement, message_id: int, worker: str, **params) -> bool:
    """False if the lease was lost meanwhile (the row is then someone else's)."""
    return session.execute(statement, {"p_id": message_id, "p_worker": worker, **params}).rowcount == 1


def mark_delivered(session: Session, *, message_id: int, worker: str, now: datetime) -> bool:
    return _done(session, _DELIVERED, message_id, worker, p_at=now)


def retry_later(session: Session, *, message_id: int, worker: str, at: datetime, error: str,
                attempted: bool = True) -> bool:
    """Back to pending, due at `at`; `attempted=False` when the row was never sent (it waits for its post)."""
    return _done(session, _RETRY if attempted else _WAIT, message_id, worker, p_at=at, p_error=error[:ERROR_MAX])


def mark_failed(session: Session, *, message_id: int, worker: str, error: str) -> bool:
    """A permanent error: kept with its error until `requeue_failed`."""
    return _done(session, _FAILED, message_id, worker, p_error=error[:ERROR_MAX])


def release(session: Session, *, ids: list[int], worker: str, at: datetime | None = None) -> int:
    """Give back claimed rows that were not sent (no attempt counted); due again at `at` if given."""
    if not ids:
        return 0
    values: dict[str, Any] = {"claimed_by": None, "claimed_until": None}
    if at is not None:
        values["next_attempt_at"] = at
    return session.execute(update(TABLE).where(
        cols.id.in_(ids), cols.claimed_by == worker, cols.status == "pending")
        .values(**values)).rowcount


def hold_method(session: Session, *, team_id: str, method: str, until: datetime) -> int:
    """Slack rate-limited `method` for this workspace: nothing calls it again before `until`."""
    held = (select(cols.id).where(cols.team_id == team_id, cols.method == method, cols.status == "pending",
                                  cols.next_attempt_at < until)
            .order_by(cols.id).with_for_update())  # in id order: two workers holding at once cannot deadlock
    return session.execute(update(TABLE).where(cols.id.in_(held.scalar_subquery()))
                           .values(next_attempt_at=until)).rowcount


def poster_pending(session: Session, *, message: Claimed) -> bool:
    """Is the post that `message` updates or replies to still waiting to be delivered?"""
    copy = message.target
    return session.scalar(select(func.count()).select_from(TABLE).where(
        cols.team_id == message.team_id, cols.record_type == copy.record_type, cols.record_id == copy.record_id,
        cols.copy_role == copy.role, cols.copy_holder == copy.holder, cols.copy_use == "save",
        cols.status == "pending", cols.id < message.id)) > 0


def next_wake(session: Session, *, now: datetime) -> datetime | None:
    """The next moment a pending row becomes due or a lease ends, if any is in the future."""
    due = session.scalar(select(func.min(cols.next_attempt_at)).where(
        cols.status == "pending", cols.next_attempt_at > now))
    lease = session.scalar(select(func.min(cols.claimed_until)).where(
        cols.status == "pending", cols.claimed_until > now))
    moments = [moment for moment in (due, lease) if moment is not None]
    return min(moments) if moments else None


def requeue_failed(session: Session, *, now: datetime, team_id: str | None = None,
                   ids: list[int] | None = None) -> int:
    """Failed rows become pending again, due now, with a fresh backoff; their last error is kept."""
    statement = update(TABLE).where(cols.status == "failed")
    if team_id:
        statement = statement.where(cols.team_id == team_id)
    if ids:
        statement = statement.where(cols.id.in_(ids))
    return session.execute(statement.values(status="pending", next_attempt_at=now, attempts=0)).rowcount


def prune_delivered(session: Session, *, older_than: datetime) -> int:
    """Delivered rows are only history; where copies landed lives in SlackMessage."""
    return session.execute(delete(TABLE).where(
        cols.status == "delivered", cols.delivered_at < older_than)).rowcount


DELIVERED_KEEP = timedelta(days=7)
