"""Many stored records, fast: bulk inserts (no audit chain, no outbox) for benchmarks and query-plan tests.

`seed(engine, ncs=100_000)` stores NCs spread over `people` people and every status, each with its
card in the quality channel; one approval request per `approval_every` NCs with its card and two
approvers; and `audit_events` audit rows (no list reads them: they show the trail's size does not
matter). Not a valid audit chain: only for measuring.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, insert, select

from models import ApprovalApprover, ApprovalRequest, AuditEvent, Counter, Nonconformance, SlackMessage

TEAM = "T111"
QUALITY_CHANNEL = "C_QUALITY"
STATUSES = ("open", "investigating", "action", "verification", "closed", "closed", "closed", "rejected")
APPROVAL_STATUSES = ("pending", "approved", "approved", "rejected", "cancelled")
BATCH = 5_000


def seed(engine, *, ncs: int, first: int = 1, people: int | Sequence[str] = 200, approval_every: int = 10,
         audit_events: int = 0, team_id: str = TEAM, start: datetime | None = None) -> None:
    """Bulk-insert NC-`first` onwards (and APR-`first // approval_every + 1` onwards) into a migrated
    database, and move the counters past them; call again with a later `first` to add more."""
    start = start or datetime.now(UTC) - timedelta(days=365)
    people = [f"U_P{n}" for n in range(people)] if isinstance(people, int) else list(people)
    numbers = range(first, first + ncs)
    approvals = range(first // approval_every + 1, (first + ncs) // approval_every + 1) if approval_every else range(0)
    with engine.begin() as connection:
        _insert(connection, Nonconformance, _ncs(team_id, numbers, people, start))
        _insert(connection, SlackMessage, _cards(team_id, "nc", "NC", numbers, start))
        _insert(connection, ApprovalRequest, _approvals(team_id, approvals, people, start))
        _insert(connection, SlackMessage, _cards(team_id, "approval", "APR", approvals, start))
        ids = dict(connection.execute(select(ApprovalRequest.record_id, ApprovalRequest.id).where(
            ApprovalRequest.team_id == team_id, ApprovalRequest.record_id.in_([f"APR-{n}" for n in approvals]))).all())
        _insert(connection, ApprovalApprover, _approvers(team_id, approvals, people, ids))
        _insert(connection, AuditEvent, _audit(team_id, range(first * 10, first * 10 + audit_events), start))
        connection.execute(delete(Counter).where(Counter.team_id == team_id))
        connection.execute(insert(Counter), [{"team_id": team_id, "kind": "nc", "value": numbers.stop - 1},
                                             {"team_id": team_id, "kind": "approval", "value": approvals.stop - 1}])


def _insert(connection, model, rows: Iterator[dict]) -> None:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            connection.execute(insert(model), batch)
            batch = []
    if batch:
        connection.execute(insert(model), batch)


def _of(people: list[str], n: int) -> str:
    return people[n % len(people)]


def _ncs(team_id: str, numbers: range, people: list[str], start: datetime) -> Iterator[dict]:
    for n in numbers:
        status, moment = STATUSES[n % len(STATUSES)], start + timedelta(seconds=n * 30)
        yield {"team_id": team_id, "record_id": f"NC-{n}", "title": f"Existing nonconformance {n}",
               "severity": "minor", "process": "Delivery", "source": "internal", "status": status,
               "reporter": _of(people, n), "owner": _of(people, n * 7) if n % 3 else None,
               "done_by": _of(people, n * 7) if status in ("verification", "closed") and n % 3 else None,
               "created_at": moment, "updated_at": moment}


def _cards(team_id: str, record_type: str, prefix: str, numbers: range, start: datetime) -> Iterator[dict]:
    """One card per record, each with its own Slack ts (seconds.sequence; the sequence says the type)."""
    for n in numbers:
        ts = f"{int(start.timestamp()) + n}.{len(prefix)}{n % 100_000:05d}"
        yield {"team_id": team_id, "record_type": record_type, "record_id": f"{prefix}-{n}", "role": "card",
               "holder": "", "channel": QUALITY_CHANNEL, "ts": ts,
               "permalink": f"https://example.slack.com/archives/{QUALITY_CHANNEL}/p{ts.replace('.', '')}",
               "created_at": start + timedelta(seconds=n * 30)}


def _approvals(team_id: str, numbers: range, people: list[str], start: datetime) -> Iterator[dict]:
    for n in numbers:
        moment = start + timedelta(seconds=n * 300)
        yield {"team_id": team_id, "record_id": f"APR-{n}", "title": f"Existing request {n}", "policy": "any",
               "requester": _of(people, n), "status": APPROVAL_STATUSES[n % len(APPROVAL_STATUSES)],
               "card_channel": QUALITY_CHANNEL, "created_at": moment, "updated_at": moment,
               "due_on": (start + timedelta(days=n % 90)).date() if n % 2 else None}


def _approvers(team_id: str, numbers: range, people: list[str], ids: dict[str, int]) -> Iterator[dict]:
    for n in numbers:
        pending = APPROVAL_STATUSES[n % len(APPROVAL_STATUSES)] == "pending"
        for position, user in enumerate(sorted({_of(people, n * 3), _of(people, n * 11 + 1)})):
            yield {"request_id": ids[f"APR-{n}"], "user_id": user, "team_id": team_id, "position": position,
                   "name": user, "decision": "pending" if pending else "approved"}


def _audit(team_id: str, numbers: range, start: datetime) -> Iterator[dict]:
    for n in numbers:
        yield {"team_id": team_id, "seq": n, "record_type": "nc", "record_id": f"NC-{n // 10 + 1}",
               "action": "nc.updated", "actor": f"U_P{n % 200}", "at": start + timedelta(seconds=n * 3),
               "after": {"n": n}, "prev_hash": "0" * 64, "hash": f"{n:064d}"}
