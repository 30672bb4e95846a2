"""A workspace the size of bench/export.py's --scale: NCs, approvals, thread replies and a valid audit chain."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from bot import migrate
from bot.db import make_engine
from bot.qms.audit import GENESIS, event_hash
from models import (
    ApprovalApprover,
    ApprovalRequest,
    AuditEvent,
    AuditHead,
    Comment,
    Nonconformance,
    SlackUser,
    Workspace,
)

TEAM = "T111"
STATUSES = ("open", "investigating", "action", "verification", "closed", "closed", "closed", "rejected")
PEOPLE = 200
CHUNK = 5000


def sizes(scale: float) -> dict[str, int]:
    return {name: max(1, int(full * scale)) for name, full in
            (("ncs", 100_000), ("approvals", 10_000), ("replies", 50_000), ("events", 1_000_000))}


def _chunks(rows, model, connection) -> None:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            connection.execute(insert(model), batch)
            batch = []
    if batch:
        connection.execute(insert(model), batch)


def seed(url: str, scale: float) -> dict[str, int]:
    migrate.upgrade(url)
    engine = make_engine(url)
    n = sizes(scale)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(insert(Workspace), [{"team_id": TEAM, "name": "Bench Ltd"}])
        connection.execute(insert(SlackUser), [{"team_id": TEAM, "user_id": f"U_P{p}", "name": f"Person {p}",
                                                "real_name": f"Person Number {p}"} for p in range(PEOPLE)])
        _chunks(({"team_id": TEAM, "record_id": f"NC-{i}", "title": f"Wrong revision sent to client {i}",
                  "description": "The drawing went out at rev B; the client expected rev C. " * 3,
                  "severity": ("minor", "major", "critical")[i % 3], "process": "Delivery", "source": "internal",
                  "status": STATUSES[i % len(STATUSES)], "reporter": f"U_P{i % PEOPLE}",
                  "owner": f"U_P{(i * 7) % PEOPLE}", "correction": "Sent rev C and asked to bin rev B.",
                  "root_cause": ["Old revision on the shared drive", "Nobody archives old revisions"],
                  "corrective_action": "Archive superseded drawings on release",
                  "due_date": date(2026, 6, 1), "source_permalink": f"https://example.slack.com/archives/C1/p{i}",
                  "created_at": start + timedelta(minutes=i), "updated_at": start + timedelta(minutes=i + 5),
                  "closed_at": start + timedelta(days=3, minutes=i) if i % 8 in (4, 5, 6, 7) else None}
                 for i in range(1, n["ncs"] + 1)), Nonconformance, connection)
        _chunks(({"id": i, "team_id": TEAM, "record_id": f"APR-{i}", "title": f"Homepage design v{i}",
                  "description": "Final mock-up for the client", "link": "https://drive.example/design",
                  "policy": "any", "requester": f"U_P{i % PEOPLE}", "status": "approved",
                  "created_at": start + timedelta(minutes=i), "updated_at": start + timedelta(minutes=i)}
                 for i in range(1, n["approvals"] + 1)), ApprovalRequest, connection)
        _chunks(({"request_id": i, "user_id": f"U_P{(i + k) % PEOPLE}", "team_id": TEAM, "position": k,
                  "name": f"Person {(i + k) % PEOPLE}", "decision": "approved",
                  "decided_at": start + timedelta(minutes=i + 30), "comment": "Looks right"}
                 for i in range(1, n["approvals"] + 1) for k in range(2)), ApprovalApprover, connection)
        _chunks(({"team_id": TEAM, "record_type": "nc", "record_id": f"NC-{1 + i % n['ncs']}", "channel": "C1",
                  "ts": f"1700000000.{i:06d}", "thread_ts": "1700000000.000000", "author": f"U_P{i % PEOPLE}",
                  "text": "Checked the drive: rev B is gone for good.",
                  "permalink": f"https://example.slack.com/archives/C1/p17000000{i:06d}",
                  "created_at": start + timedelta(minutes=i)} for i in range(n["replies"])), Comment, connection)
        head = {"hash": GENESIS}
        _chunks(_events(n["events"], start, head), AuditEvent, connection)
        connection.execute(insert(AuditHead), [{"team_id": TEAM, "seq": n["events"], "hash": head["hash"]}])
    engine.dispose()
    return n


def _events(count: int, start: datetime, head: dict):
    """A chain `trellis audit verify` accepts: each event's hash over its content and the one before."""
    for seq in range(1, count + 1):
        event = AuditEvent(team_id=TEAM, seq=seq, record_type="nc", record_id=f"NC-{1 + seq % 1000}",
                           action="nc.investigated", actor=f"U_P{seq % PEOPLE}", at=start + timedelta(seconds=seq),
                           before={"status": "open", "owner": None},
                           after={"status": "investigating", "owner": f"U_P{seq % PEOPLE}"},
                           prev_hash=head["hash"], hash="")
        event.hash = head["hash"] = event_hash(event)
        yield {"team_id": TEAM, "seq": seq, "record_type": event.record_type, "record_id": event.record_id,
               "action": event.action, "actor": event.actor, "at": event.at, "before": event.before,
               "after": event.after, "prev_hash": event.prev_hash, "hash": event.hash}
