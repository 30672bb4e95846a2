"""Many stored records, fast: bulk inserts (no audit chain, no outbox) for benchmarks and query-plan tests.

`seed(engine, ncs=100_000)` stores NCs spread over `people` people and every status, each with its
card in the quality channel; one approval request per `approval_every` NCs with two approvers; and
`audit_events` audit rows (the lists never read them: they show the trail's size does not matter).
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from models import ApprovalApprover, ApprovalRequest, AuditEvent, Counter, Nonconformance, SlackMessage

TEAM = "T111"
QUALITY_CHANNEL = "C_QUALITY"
STATUSES = ("open", "investigating", "action", "verification", "closed", "closed", "closed", "rejected")
APPROVAL_STATUSES = ("pending", "approved", "approved", "rejected", "cancelled")
BATCH = 5_000


def person(n: int) -> str:
    return f"U_P{n}"


def seed(engine, *, ncs: int, people: int = 200, approval_every: int = 10, audit_events: int = 0,
         team_id: str = TEAM, start: datetime | None = None) -> None:
    """Bulk-insert the records into a migrated database and move the counters past them."""
    start = start or datetime.now(UTC) - timedelta(days=365)
    approvals = ncs // approval_every if approval_every else 0
    with engine.begin() as connection:
        for model, rows in ((Nonconformance, _ncs(team_id, ncs, people, start)),
                            (SlackMessage, _cards(team_id, "nc", "NC", ncs, start, 0)),
                            (ApprovalRequest, _approvals(team_id, approvals, people, start)),
                            (SlackMessage, _cards(team_id, "approval", "APR", approvals, start, ncs)),
                            (ApprovalApprover, _approvers(team_id, approvals, people)),
                            (AuditEvent, _audit(team_id, audit_events, start))):
            _insert(connection, model, rows)
        connection.execute(insert(Counter), [{"team_id": team_id, "kind": "nc", "value": ncs},
                                             {"team_id": team_id, "kind": "approval", "value": approvals}])


def _insert(connection, model, rows: Iterator[dict]) -> None:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            connection.execute(insert(model), batch)
            batch = []
    if batch:
        connection.execute(insert(model), batch)


def _ncs(team_id: str, count: int, people: int, start: datetime) -> Iterator[dict]:
    for n in range(1, count + 1):
        status, moment = STATUSES[n % len(STATUSES)], start + timedelta(seconds=n * 30)
        yield {"team_id": team_id, "record_id": f"NC-{n}", "title": f"Existing nonconformance {n}",
               "severity": "minor", "process": "Delivery", "source": "internal", "status": status,
               "reporter": person(n % people), "owner": person((n * 7) % people) if n % 3 else None,
               "done_by": person((n * 7) % people) if status in ("verification", "closed") and n % 3 else None,
               "created_at": moment, "updated_at": moment}


def _cards(team_id: str, record_type: str, prefix: str, count: int, start: datetime,
           after: int) -> Iterator[dict]:
    """One card per record; Slack's ts (seconds.sequence) unique across record types: `after` earlier cards."""
    for n in range(1, count + 1):
        ts = f"{int(start.timestamp()) + after + n}.{n % 1_000_000:06d}"
        yield {"team_id": team_id, "record_type": record_type, "record_id": f"{prefix}-{n}", "role": "card",
               "holder": "", "channel": QUALITY_CHANNEL, "ts": ts,
               "permalink": f"https://example.slack.com/archives/{QUALITY_CHANNEL}/p{ts.replace('.', '')}",
               "created_at": start + timedelta(seconds=n * 30)}


def _approvals(team_id: str, count: int, people: int, start: datetime) -> Iterator[dict]:
    for n in range(1, count + 1):
        moment = start + timedelta(seconds=n * 300)
        yield {"team_id": team_id, "record_id": f"APR-{n}", "title": f"Existing request {n}", "policy": "any",
               "requester": person(n % people), "status": APPROVAL_STATUSES[n % len(APPROVAL_STATUSES)],
               "card_channel": QUALITY_CHANNEL, "created_at": moment, "updated_at": moment,
               "due_on": (start + timedelta(days=n % 90)).date() if n % 2 else None}


def _approvers(team_id: str, count: int, people: int) -> Iterator[dict]:
    for n in range(1, count + 1):
        pending = APPROVAL_STATUSES[n % len(APPROVAL_STATUSES)] == "pending"
        for position, user in enumerate(sorted({person((n * 3) % people), person((n * 11 + 1) % people)})):
            yield {"request_id": n, "user_id": user, "team_id": team_id, "position": position, "name": user,
                   "decision": "pending" if pending else "approved"}


def _audit(team_id: str, count: int, start: datetime) -> Iterator[dict]:
    for n in range(1, count + 1):
        yield {"team_id": team_id, "seq": n, "record_type": "nc", "record_id": f"NC-{n // 10 + 1}",
               "action": "nc.updated", "actor": person(n % 200), "at": start + timedelta(seconds=n * 3),
               "after": {"n": n}, "prev_hash": "0" * 64, "hash": f"{n:064d}"}
