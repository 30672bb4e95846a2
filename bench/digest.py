"""How fast is the weekly digest with a company's years of records? The digest build (every 9.3.2 input,
card links included) and the review actions' reminder source, each with the number of SQL statements it
issued, next to a baseline of the bare indexed `SELECT count(*)` queries behind every count the digest shows
(`counts_needed`), measured in the same run in interleaved rounds. The statement counts must not grow with
the records (compare two scales). The whole reminder sweep has its own bench, bench/reminders.py.

    python bench/digest.py [--scale 1.0] [--rounds 5] [--database-url URL]

--scale 1.0 seeds 100k NCs, 10k approvals, 1k review actions and 1M audit events (0.01 for a quick check).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, func, insert, select, text  # noqa: E402

from bot import migrate  # noqa: E402
from bot.db import make_engine, make_session_factory  # noqa: E402
from bot.qms import workspaces  # noqa: E402
from bot.qms.reviews import reminders  # noqa: E402
from bot.qms.reviews.build import build_digest  # noqa: E402
from bot.qms.reviews.periods import fire_at_or_before, period_ending  # noqa: E402
from models import (  # noqa: E402
    ApprovalApprover,
    ApprovalRequest,
    AuditEvent,
    Feedback,
    KnowledgeEntry,
    Nonconformance,
    ReviewAction,
)

TEAM = "T111"
NOW = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
STATUSES = ("open", "investigating", "action", "verification", "closed", "closed", "closed", "rejected")
SEVERITIES = ("minor", "minor", "major", "critical")
PROCESSES = ("Sales", "Delivery", "Design", "Support", "Suppliers", "Other")


def _insert(connection, model, rows, batch: int = 10_000) -> None:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == batch:
            connection.execute(insert(model), chunk)
            chunk = []
    if chunk:
        connection.execute(insert(model), chunk)


def seed(url: str, scale: float) -> dict[str, int]:
    counts = {"ncs": int(100_000 * scale), "approvals": int(10_000 * scale), "actions": int(1_000 * scale),
              "audit_events": int(1_000_000 * scale)}
    migrate.upgrade(url)
    engine = make_engine(url)
    start = NOW - timedelta(days=730)  # two years of records, a steady trickle
    span = 730 * 86400

    def at(n: int, total: int) -> datetime:
        return start + timedelta(seconds=span * n / max(1, total))

    with engine.begin() as connection:
        total = counts["ncs"]
        _insert(connection, Nonconformance, ({
            "team_id": TEAM, "record_id": f"NC-{n}", "title": f"Nonconformance {n}", "severity": SEVERITIES[n % 4],
            "process": PROCESSES[n % 6], "source": "internal", "status": (status := STATUSES[n % 8]),
            "reporter": f"U_P{n % 200}", "owner": f"U_P{(n * 7) % 200}", "created_at": at(n, total),
            "updated_at": at(n, total) + timedelta(days=3), "due_date": (at(n, total) + timedelta(days=20)).date(),
            "closed_at": at(n, total) + timedelta(days=n % 40) if status in ("closed", "rejected") else None}
            for n in range(1, total + 1)))
        total = counts["approvals"]
        _insert(connection, ApprovalRequest, ({
            "id": n, "team_id": TEAM, "record_id": f"APR-{n}", "title": f"Approval {n}", "policy": "any",
            "requester": f"U_P{n % 200}", "status": (status := ("approved", "rejected", "pending")[n % 3]),
            "created_at": at(n, total), "updated_at": at(n, total),
            "closed_at": at(n, total) + timedelta(hours=n % 90) if status != "pending" else None}
            for n in range(1, total + 1)))
        _insert(connection, ApprovalApprover, ({
            "request_id": n, "user_id": f"U_P{(n * 3) % 200}", "team_id": TEAM, "name": "Approver",
            "decision": "pending" if n % 3 == 2 else "approved"} for n in range(1, total + 1)))
        total = counts["actions"]
        _insert(connection, ReviewAction, ({
            "team_id": TEAM, "record_id": f"ACT-{n}", "review_id": f"MR-{n // 5 + 1}", "kind": "improvement",
            "title": f"Action {n}", "owner": f"U_P{n % 200}", "due_date": (at(n, total) + timedelta(days=30)).date(),
            "status": ("open", "done", "confirmed")[n % 3], "created_at": at(n, total), "updated_at": at(n, total)}
            for n in range(1, total + 1)))
        total = counts["audit_events"]
        _insert(connection, AuditEvent, ({
            "team_id": TEAM, "seq": n, "record_type": "nc", "record_id": f"NC-{n % 1000}", "action": "nc.updated",
            "actor": "U_P1", "at": at(n, total), "before": None, "after": None, "prev_hash": "0" * 64,
            "hash": f"{n:064d}"} for n in range(1, total + 1)))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # The planner's statistics and PostgreSQL's visibility map, as a database in use has them (autovacuum
        # vacuums a table after inserts, too): without it every index-only count also reads the rows.
        connection.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    engine.dispose()
    return counts


def counts_needed(period, *, now: datetime = NOW) -> list:
    """The bare indexed `SELECT count(*)` queries behind every count the digest shows, each period of a trend
    included, in design.md's order: what a digest that asked the database for its numbers directly would run,
    and nothing else (no rows, lists, links, sums or medians). Counts one index range answers together are
    one grouped statement (review actions by status, open NCs by severity and by process, decisions by
    outcome), so the baseline is as cheap as bare counts can be."""
    today: date = now.date()
    spans = [(period.start, period.end), *period.previous]
    stale_before = now - timedelta(days=workspaces.WorkspaceSettings().stale_days)
    nc, apr, act, fb, kb = Nonconformance, ApprovalRequest, ReviewAction, Feedback, KnowledgeEntry
    still_open = nc.status.in_(STATUSES[:4])

    def count(model, *where, by=None):
        statement = select(func.count()).select_from(model).where(model.team_id == TEAM, *where)
        return statement if by is None else statement.add_columns(by).group_by(by)

    return [
        # a) review actions: open and waiting for confirmation (by status), overdue, done this period
        count(act, by=act.status), count(act, act.status == "open", act.due_date < today),
        count(act, act.status.in_(("done", "confirmed")), act.done_at >= period.start, act.done_at < period.end),
        # c4) opened and closed in each period; open now by severity and by process; overdue; stale
        *(count(nc, nc.created_at >= start, nc.created_at < end) for start, end in spans),
        *(count(nc, nc.status == "closed", nc.closed_at >= start, nc.closed_at < end) for start, end in spans),
        count(nc, still_open, by=nc.severity), count(nc, still_open, by=nc.process),
        count(nc, nc.status == "action", nc.due_date < today),
        count(nc, still_open, nc.updated_at < stale_before),
        # c3) approved and rejected in each period, pending now
        *(count(apr, apr.status.in_(("approved", "rejected")), apr.closed_at >= start, apr.closed_at < end,
                by=apr.status) for start, end in spans),
        count(apr, apr.status == "pending"),
        # c1) feedback received in each period; 7.1.6 knowledge captured in each period, current entries
        *(count(fb, fb.created_at >= start, fb.created_at < end) for start, end in spans),
        *(count(kb, kb.created_at >= start, kb.created_at < end) for start, end in spans),
        count(kb, kb.status == "current"),
    ]


def digest_period(now: datetime = NOW):
    """The period the Monday digest at or before `now` covers."""
    return period_ending("mon 09:00", "UTC", fire_at_or_before("mon 09:00", "UTC", now))


def baseline(session, statements: list) -> None:
    """The bare indexed counts the digest needs, nothing else."""
    for statement in statements:
        session.execute(statement).all()


def timed(engine, work) -> tuple[float, int]:
    seen = []
    listener = lambda *args: seen.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    started = time.perf_counter()
    try:
        work()
    finally:
        elapsed = time.perf_counter() - started
        event.remove(engine, "before_cursor_execute", listener)
    return elapsed, len(seen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", default=None, help="an empty database (default: a temporary SQLite file)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{folder}/bench.db"
        began = time.perf_counter()
        counts = seed(url, options.scale)
        print(f"seeded {counts} in {time.perf_counter() - began:.1f} s on {url.split(':')[0]}")
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        period = digest_period()
        needed = counts_needed(period)
        results: dict[str, list[tuple[float, int]]] = {"digest": [], "reminders": [], "baseline": []}
        for _ in range(options.rounds):  # interleaved: each round measures all three on the same cache state
            with sessions() as session:
                workspaces.use_defaults(session, workspaces.WorkspaceSettings())
                results["digest"].append(timed(engine, lambda: build_digest(session, team_id=TEAM, period=period,
                                                                             now=NOW)))
            with sessions() as session:
                results["reminders"].append(timed(engine, lambda: reminders.reminders_due(session, team_id=TEAM,
                                                                                          now=NOW)))
            with sessions() as session:
                results["baseline"].append(timed(engine, lambda: baseline(session, needed)))
        engine.dispose()
    base = statistics.median(seconds for seconds, _ in results["baseline"])
    for name, runs in results.items():
        seconds = statistics.median(value for value, _ in runs)
        print(f"{name:10} median {seconds * 1000:8.1f} ms  statements {runs[-1][1]:3}  "
              f"ratio to baseline {seconds / base:5.2f}x")


if __name__ == "__main__":
    main()
