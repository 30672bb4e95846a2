"""The delivery side of the outbox: lease due rows, renew the leases, record what Slack answered.

Slack-free; bot.outbox.delivery does the sending. These queries span every workspace on
purpose: one worker delivers for all of them. Every function takes a Session or a
Connection, and each write is one statement (the delivery pass on PostgreSQL runs them
in autocommit: one round trip each).

Order: rows with the same (team_id, key) go out in id order. A row is only
claimed when it is the first pending row of its key, so a thread line or a
`chat.update` never overtakes the post it depends on. Ids follow commit order
because every change locks the record it reports before it queues a message
(and SQLite serialises writers).

Leases: a claim writes `claimed_by` ("<instance>/<batch>") and `claimed_until` = now + LEASE
in one UPDATE; PostgreSQL picks the rows with FOR UPDATE SKIP LOCKED, so two instances
never claim the same row. A working instance renews its batch's leases every HEARTBEAT.
A lease that ran out belongs to a dead (or stuck) worker and is claimed again; a
restarted instance takes its own back at once (`reclaim_own`). A post taken from a dead
worker is `maybe_posted`: that worker may have sent it just before it died.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, case, delete, func, or_, select, update

from bot.outbox.queue import Copy
from models import OutboxMessage

LEASE = timedelta(seconds=30)  # a lease not renewed for this long belongs to a worker that died
HEARTBEAT = timedelta(seconds=10)  # a working instance renews its leases this often
POSTS = ("chat.postMessage",)  # the calls that create a message, so the only ones that could land twice
PAGE = 1000  # pending rows read per step when looking for the head row of each key
ERROR_MAX = 500  # length of OutboxMessage.last_error
# Core statements on the table: no ORM bookkeeping on the hot path.
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
    created_at: datetime
    maybe_posted: bool  # look for it in Slack before posting it again
    notify_on_failure: str | None

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


CLAIMED = (cols.id, cols.team_id, cols.key, cols.method, cols.args, cols.record_type, cols.record_id,
           cols.copy_role, cols.copy_holder, cols.copy_use, cols.attempts, cols.created_at, cols.maybe_posted,
           cols.notify_on_failure)


def _claimed(row) -> Claimed:
    copy = Copy(row.record_type, row.record_id, row.copy_role, row.copy_holder or "") if row.copy_use else None
    return Claimed(row.id, row.team_id, row.key, row.method, dict(row.args), copy, row.copy_use, row.attempts,
                   row.created_at, bool(row.maybe_posted), row.notify_on_failure)


def _claimable(connection, *, now: datetime, limit: int) -> list[int]:
    """Ids of due, unleased rows that are the first pending row of their key, oldest first.

    Read in pages of the pending rows in id order: a plain index range that no planner gets wrong
    (a NOT EXISTS over earlier rows of the key is a nested loop over every pending row when
    PostgreSQL's statistics think the table is small). Whether a row is due and free is decided
    by the database: reading its timestamps into Python would cost more than the rest of a claim."""
    heads: list[int] = []
    seen: set[tuple[str, str]] = set()
    after = 0
    ready = case((and_(cols.next_attempt_at <= now, or_(cols.claimed_until.is_(None), cols.claimed_until <= now)),
                  True), else_=False)
    while len(heads) < limit:
        page = connection.execute(
            select(cols.id, cols.team_id, cols.key, ready.label("ready"))
            .where(cols.status == "pending", cols.id > after)
            .order_by(cols.id).limit(PAGE)).all()
        for message_id, team_id, key, is_ready in page:
            if (team_id, key) in seen:
                continue  # an earlier row of this record is still waiting
            seen.add((team_id, key))
            if is_ready:
                heads.append(message_id)
                if len(heads) == limit:
                    break
        if len(page) < PAGE:
            break
        after = page[-1][0]
    return heads


def claim_due(connection, *, worker: str, now: datetime, limit: int = 100, lease: timedelta = LEASE) -> list[Claimed]:
    """Lease up to `limit` deliverable rows to `worker` (a batch name), in one statement; oldest first."""
    candidates = _claimable(connection, now=now, limit=limit)
    if not candidates:
        return []
    free = select(cols.id).where(cols.id.in_(candidates), cols.status == "pending",
                                 or_(cols.claimed_until.is_(None), cols.claimed_until <= now))
    abandoned = and_(cols.claimed_by.is_not(None), cols.method.in_(POSTS))  # SET reads the old claimed_by
    rows = connection.execute(
        update(TABLE).where(cols.id.in_(free.with_for_update(skip_locked=True).scalar_subquery()))
        .values(claimed_by=worker, claimed_until=now + lease,
                maybe_posted=case((abandoned, True), else_=cols.maybe_posted))
        .returning(*CLAIMED)).all()  # SQLite: no FOR UPDATE; its write lock serialises claims
    return sorted((_claimed(row) for row in rows), key=lambda message: message.id)


def renew(connection, *, ids: list[int], worker: str, until: datetime) -> set[int]:
    """The heartbeat: extend this batch's leases; returns the ids still held (the rest were taken over)."""
    if not ids:
        return set()
    return set(connection.execute(update(TABLE).where(cols.id.in_(ids), cols.claimed_by == worker)
                                  .values(claimed_until=until).returning(cols.id)).scalars())


def reclaim_own(connection, *, instance: str, now: datetime) -> int:
    """At start: leases this instance held before it stopped end now (nobody else runs under its name)."""
    return connection.execute(update(TABLE).where(
        cols.claimed_by.startswith(f"{instance}/", autoescape=True), cols.status == "pending",
        cols.claimed_until > now).values(claimed_until=now)).rowcount


def _finish(*, many: bool = False, **values):
    """An UPDATE of one row (or, `many`, of several) this batch holds, built once: building costs more
    than running it.

    Only a pending row is ever leased, so the lease alone says the row is still this batch's; a
    `status` test would tempt PostgreSQL's planner to walk every pending row by ix_outbox_due."""
    which = cols.id.in_(bindparam("p_ids", expanding=True)) if many else cols.id == bindparam("p_id")
    return (update(TABLE).where(which, cols.claimed_by == bindparam("p_worker"))
            .values(claimed_by=None, claimed_until=None, **values))


_AT = bindparam("p_at", type_=cols.next_attempt_at.type)
_DELIVERED = _finish(many=True, status="delivered", delivered_at=_AT, attempts=cols.attempts + 1, last_error=None,
                     maybe_posted=False)
_RETRY = _finish(next_attempt_at=_AT, last_error=bindparam("p_error"), attempts=cols.attempts + 1,
                 maybe_posted=bindparam("p_maybe_posted"))
_WAIT = _finish(next_attempt_at=_AT, last_error=bindparam("p_error"))
# Who was to be told is told once, in this transaction: a failure after `trellis outbox retry` tells nobody again.
_FAILED = _finish(status="failed", last_error=bindparam("p_error"), attempts=cols.attempts + 1, maybe_posted=False,
                  notify_on_failure=None)


def _done(connection, statement, message_id: int, worker: str, **params) -> bool:
    """False if the lease was lost meanwhile (the row is then someone else's)."""
    return connection.execute(statement, {"p_id": message_id, "p_worker": worker, **params}).rowcount == 1


def mark_delivered(connection, *, ids: list[int], worker: str, now: datetime) -> int:
    """Rows Slack took, in one statement; how many this batch still held."""
    if not ids:
        return 0
    return connection.execute(_DELIVERED, {"p_ids": ids, "p_worker": worker, "p_at": now}).rowcount


def retry_later(connection, *, message_id: int, worker: str, at: datetime, error: str, attempted: bool = True,
                maybe_posted: bool = False) -> bool:
    """Back to pending, due at `at`; `attempted=False` when the row was never sent (it waits for its post).
    `maybe_posted`: the attempt got no answer, so the next one looks for the post in Slack first."""
    if not attempted:
        return _done(connection, _WAIT, message_id, worker, p_at=at, p_error=error[:ERROR_MAX])
    return _done(connection, _RETRY, message_id, worker, p_at=at, p_error=error[:ERROR_MAX],
                 p_maybe_posted=maybe_posted)


def mark_failed(connection, *, message_id: int, worker: str, error: str) -> bool:
    """A permanent error: kept with its error until `requeue_failed`."""
    return _done(connection, _FAILED, message_id, worker, p_error=error[:ERROR_MAX])


def release(connection, *, ids: list[int], worker: str, at: datetime | None = None) -> int:
    """Give back claimed rows that were not sent (no attempt counted); due again at `at` if given."""
    if not ids:
        return 0
    values: dict[str, Any] = {"claimed_by": None, "claimed_until": None}
    if at is not None:
        values["next_attempt_at"] = at
    return connection.execute(update(TABLE).where(cols.id.in_(ids), cols.claimed_by == worker)
                              .values(**values)).rowcount


def hold_method(connection, *, team_id: str, method: str, until: datetime) -> int:
    """Slack rate-limited `method` for this workspace: nothing calls it again before `until`."""
    held = (select(cols.id).where(cols.team_id == team_id, cols.method == method, cols.status == "pending",
                                  cols.next_attempt_at < until)
            .order_by(cols.id).with_for_update())  # in id order: two workers holding at once cannot deadlock
    return connection.execute(update(TABLE).where(cols.id.in_(held.scalar_subquery()))
                              .values(next_attempt_at=until)).rowcount


def poster_pending(connection, *, message: Claimed) -> bool:
    """Is the post that `message` updates or replies to still waiting to be delivered?"""
    copy = message.target
    return connection.scalar(select(func.count()).select_from(TABLE).where(
        cols.team_id == message.team_id, cols.record_type == copy.record_type, cols.record_id == copy.record_id,
        cols.copy_role == copy.role, cols.copy_holder == copy.holder, cols.copy_use == "save",
        cols.status == "pending", cols.id < message.id)) > 0


def next_wake(connection, *, now: datetime) -> datetime | None:
    """The next moment a pending row becomes due or a lease ends, if any is in the future."""
    due = connection.scalar(select(func.min(cols.next_attempt_at)).where(
        cols.status == "pending", cols.next_attempt_at > now))
    lease = connection.scalar(select(func.min(cols.claimed_until)).where(
        cols.status == "pending", cols.claimed_until > now))
    moments = [moment for moment in (due, lease) if moment is not None]
    return min(moments) if moments else None


def requeue_failed(connection, *, now: datetime, team_id: str | None = None, ids: list[int] | None = None) -> int:
    """Failed rows become pending again, due now, with a fresh backoff; their last error is kept."""
    statement = update(TABLE).where(cols.status == "failed")
    if team_id:
        statement = statement.where(cols.team_id == team_id)
    if ids:
        statement = statement.where(cols.id.in_(ids))
    return connection.execute(statement.values(status="pending", next_attempt_at=now, attempts=0)).rowcount


def prune_delivered(connection, *, older_than: datetime) -> int:
    """Delivered rows are only history; where copies landed lives in SlackMessage. A row is delivered
    once due, so next_attempt_at <= delivered_at: bounding both reads only old rows (ix_outbox_due)."""
    return connection.execute(delete(TABLE).where(
        cols.status == "delivered", cols.next_attempt_at < older_than, cols.delivered_at < older_than)).rowcount


DELIVERED_KEEP = timedelta(days=7)
