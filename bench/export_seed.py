"""A workspace the size of bench/export.py's --scale: NCs, approvals, thread replies and a valid audit chain."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from bench.trail import unguarded
from bot import migrate
from bot.db import make_engine
from bot.qms.audit import GENESIS, event_hash, jsonable
from bot.qms.replay import BOOKKEEPING
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
        ncs = [_nc(i, start) for i in range(1, n["ncs"] + 1)]
        _chunks(iter(ncs), Nonconformance, connection)
        approvals = [_approval(i, start) for i in range(1, n["approvals"] + 1)]
        _chunks(({key: value for key, value in request.items() if key != "approvers"} for request in approvals),
                ApprovalRequest, connection)
        _chunks(({"request_id": request["id"], "team_id": TEAM, "position": k, "user_id": user,
                  "name": f"Person {user[3:]}", "decision": "approved", "decided_at": request["decided"][k],
                  "comment": "Looks right"}
                 for request in approvals for k, user in enumerate(request["approvers"])), ApprovalApprover,
                connection)
        _chunks(({"team_id": TEAM, "record_type": "nc", "record_id": f"NC-{1 + i % n['ncs']}", "channel": "C1",
                  "ts": f"1700000000.{i:06d}", "thread_ts": "1700000000.000000", "author": f"U_P{i % PEOPLE}",
                  "text": "Checked the drive: rev B is gone for good.",
                  "permalink": f"https://example.slack.com/archives/C1/p17000000{i:06d}",
                  "created_at": start + timedelta(minutes=i)} for i in range(n["replies"])), Comment, connection)
        head = {"hash": GENESIS, "seq": 0}
        per_nc = max(1, (n["events"] - 3 * len(approvals)) // len(ncs))
        _chunks(_chain(_trail(ncs, approvals, per_nc, n["events"]), start, head), AuditEvent, connection)
        with unguarded(connection):  # the head jumps to the end at once: its guard would refuse
            connection.execute(insert(AuditHead), [{"team_id": TEAM, "seq": head["seq"], "hash": head["hash"]}])
    n["events"] = head["seq"]
    engine.dispose()
    return n


def _nc(i: int, start: datetime) -> dict:
    return {"team_id": TEAM, "record_id": f"NC-{i}", "title": f"Wrong revision sent to client {i}",
            "description": "The drawing went out at rev B; the client expected rev C. " * 3,
            "severity": ("minor", "major", "critical")[i % 3], "process": "Delivery", "source": "internal",
            "status": STATUSES[i % len(STATUSES)], "reporter": f"U_P{i % PEOPLE}",
            "owner": f"U_P{(i * 7) % PEOPLE}", "correction": "Sent rev C and asked to bin rev B.",
            "root_cause": ["Old revision on the shared drive", "Nobody archives old revisions"],
            "corrective_action": "Archive superseded drawings on release",
            "due_date": date(2026, 6, 1), "source_permalink": f"https://example.slack.com/archives/C1/p{i}",
            "created_at": start + timedelta(minutes=i), "updated_at": start + timedelta(minutes=i + 5),
            "closed_at": start + timedelta(days=3, minutes=i) if i % 8 in (4, 5, 6, 7) else None}


def _approval(i: int, start: datetime) -> dict:
    """Approved by both of its two approvers (policy all): its decisions are the trail's events."""
    approvers = [f"U_P{(i + k) % PEOPLE}" for k in range(2)]
    decided = [_at(start, 2_000_000 + 3 * i + k) for k in (1, 2)]  # when _trail's decision events happen
    return {"id": i, "team_id": TEAM, "record_id": f"APR-{i}", "title": f"Homepage design v{i}",
            "description": "Final mock-up for the client", "link": "https://drive.example/design",
            "policy": "all", "requester": f"U_P{i % PEOPLE}", "status": "approved", "closed_by": approvers[1],
            "closed_at": decided[1], "created_at": start + timedelta(minutes=i),
            "updated_at": start + timedelta(minutes=i), "approvers": approvers, "decided": decided}


def _trail(ncs: list[dict], approvals: list[dict], per_nc: int, events: int):
    """(record type, id, action, actor, after, at offset) of each event, in order: what `trellis audit
    verify` replays into exactly the rows above. Each NC's report, then steps that restate its owner
    (the first NCs one more, so that the events add up to `events`)."""
    longer = max(0, events - 3 * len(approvals) - per_nc * len(ncs))
    for number, nc in enumerate(ncs):
        report = jsonable({key: value for key, value in nc.items() if key not in BOOKKEEPING})
        yield "nc", nc["record_id"], "nc.created", nc["reporter"], report, number * (per_nc + 1)
        for step in range(1, per_nc + (number < longer)):
            yield ("nc", nc["record_id"], "nc.investigated", nc["owner"], {"owner": nc["owner"]},
                   number * (per_nc + 1) + step)
    for request in approvals:
        first = 2_000_000 + 3 * request["id"]
        yield ("approval", request["record_id"], "approval.requested", request["requester"],
               {**{key: request[key] for key in ("title", "description", "link", "policy", "requester")},
                "status": "pending", "approvers": request["approvers"]}, first)
        for k, (action, status) in enumerate((("approval.decided", "pending"), ("approval.approved", "approved"))):
            yield ("approval", request["record_id"], action, request["approvers"][k],
                   {"approver": request["approvers"][k], "decision": "approved", "comment": "Looks right",
                    "status": status}, first + 1 + k)


def _at(start: datetime, offset: int) -> datetime:
    return start + timedelta(seconds=offset)


def _chain(trail, start: datetime, head: dict):
    """A chain `trellis audit verify` accepts: each event's hash over its content and the one before."""
    for record_type, record_id, action, actor, after, offset in trail:
        head["seq"] += 1
        event = AuditEvent(team_id=TEAM, seq=head["seq"], record_type=record_type, record_id=record_id,
                           action=action, actor=actor, at=_at(start, offset), before=None, after=after,
                           prev_hash=head["hash"], hash="")
        event.hash = head["hash"] = event_hash(event)
        yield {"team_id": TEAM, "seq": event.seq, "record_type": record_type, "record_id": record_id,
               "action": action, "actor": actor, "at": event.at, "before": None, "after": after,
               "prev_hash": event.prev_hash, "hash": event.hash}
