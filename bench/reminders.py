"""How long does one reminder sweep take with 100k NCs and 10k approvals stored, and how many SQL statements
does it issue? Printed next to three baselines measured in the same run, rounds interleaved:

- the issue's: the bare indexed `SELECT count(*)` queries the digest needs (bench/digest.py's
  `counts_needed`, every count the digest shows, run on this database);
- the bare indexed counts the sweep's own sources stand on (open NCs, corrective actions past due, pending
  approvals): three statements, a stricter yardstick;
- the bare work no sweep can skip: the same due rows read with plain SQL, and (first sweep) as many claim
  rows inserted in one statement as the sweep claims.

A count reads no rows and writes none, so against the counts the sweep's ratio grows with how much is due,
not with how much is stored.

Each round runs the whole sweep (sources, claims, DMs queued) in a transaction that is rolled back, so every
round does the same work. Statement counts must not grow with --scale.

    python bench/reminders.py [--scale 1.0] [--rounds 5] [--database-url URL]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, func, insert, select, text  # noqa: E402

from bench.digest import baseline as digest_counts  # noqa: E402
from bench.digest import counts_needed, digest_period  # noqa: E402
from bot import migrate  # noqa: E402
from bot.db import make_engine, make_session_factory  # noqa: E402
from bot.messages.reminders import remind  # noqa: E402
from bot.qms.nc.lifecycle import OPEN  # noqa: E402
from bot.qms.workspaces import WorkspaceSettings  # noqa: E402
from models import ApprovalApprover, ApprovalRequest, Comment, Nonconformance, ReminderClaim  # noqa: E402

TEAM = "T111"
NOW = datetime(2026, 11, 10, 10, 0, tzinfo=UTC)  # a Tuesday, in working hours in UTC
PEOPLE = 200
OPEN_SHARE = 0.02  # of a long-running QMS's NCs, the newest few are still open; the rest are closed or rejected
OPEN_STATUSES = ("open", "investigating", "action", "verification")


LABELS = {"digest counts": "the digest's bare indexed count(*) queries",
          "baseline": "the sources' bare indexed count(*) queries",
          "bare first": "bare reads and claims (first sweep's work)", "bare later": "bare reads (a later sweep's)",
          "first sweep": "first sweep of the day (claims everything)", "later sweep": "a later sweep (all claimed)"}


def seed(url: str, ncs: int, approvals: int) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    start = NOW - timedelta(days=730)
    step = timedelta(days=730) / max(ncs, 1)  # two years of records, one every few minutes
    still_open = int(ncs * (1 - OPEN_SHARE))
    nc_rows = [{"team_id": TEAM, "record_id": f"NC-{n}", "title": f"Nonconformance {n}", "severity": "minor",
                "process": "Delivery", "source": "internal",
                "status": OPEN_STATUSES[n % 4] if n > still_open else ("rejected" if n % 30 == 0 else "closed"),
                "reporter": f"U_P{n % PEOPLE}", "owner": f"U_P{(n * 7) % PEOPLE}",
                "due_date": (start + step * n + timedelta(days=30)).date(),
                "created_at": start + step * n, "updated_at": start + step * n} for n in range(1, ncs + 1)]
    replies = [{"team_id": TEAM, "record_type": "nc", "record_id": f"NC-{n}", "channel": "C_QUALITY",
                "ts": f"{n}.0001", "thread_ts": f"{n}.0000", "author": "U_P1", "text": "On it",
                "created_at": start + step * n + timedelta(days=3)} for n in range(1, ncs + 1, 5)]
    requests = [{"team_id": TEAM, "record_id": f"APR-{n}", "title": f"Approval {n}", "policy": "any",
                 "requester": f"U_P{n % PEOPLE}", "status": "pending" if n % 10 == 0 else "approved",
                 "due_on": date(2026, 11, 1) if n % 20 == 0 else None,
                 "created_at": NOW - timedelta(hours=n % 500), "updated_at": NOW - timedelta(hours=n % 500)}
                for n in range(1, approvals + 1)]
    with engine.begin() as connection:
        for table, rows in ((Nonconformance, nc_rows), (Comment, replies), (ApprovalRequest, requests)):
            for offset in range(0, len(rows), 5000):
                connection.execute(insert(table), rows[offset:offset + 5000])
        ids = connection.execute(select(ApprovalRequest.id, ApprovalRequest.record_id)).all()
        approvers = [{"request_id": request_id, "user_id": f"U_P{(int(record_id[4:]) * 3 + k) % PEOPLE}",
                      "team_id": TEAM, "position": k, "name": "Approver", "decision": "pending"}
                     for request_id, record_id in ids for k in range(2)]
        for offset in range(0, len(approvers), 5000):
            connection.execute(insert(ApprovalApprover), approvers[offset:offset + 5000])
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # The planner's statistics, as a database in use has them (autovacuum analyzes a table after a load):
        # without them PostgreSQL guessed one open NC and rescanned the replies for each stale one (190 ms).
        connection.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    engine.dispose()


@contextmanager
def counting(engine):
    counted = []

    def count(*_args, **_kwargs):
        counted.append(1)

    event.listen(engine, "before_execute", count)
    try:
        yield counted
    finally:
        event.remove(engine, "before_execute", count)


def baseline(session) -> None:
    """The bare indexed counts the sources stand on."""
    session.scalar(select(func.count()).select_from(Nonconformance).where(
        Nonconformance.team_id == TEAM, Nonconformance.status.in_(OPEN)))
    session.scalar(select(func.count()).select_from(Nonconformance).where(
        Nonconformance.team_id == TEAM, Nonconformance.status == "action", Nonconformance.due_date < NOW.date()))
    session.scalar(select(func.count()).select_from(ApprovalRequest).where(
        ApprovalRequest.team_id == TEAM, ApprovalRequest.status == "pending"))


def bare_work(session, *, claims: int) -> None:
    """The due rows read with plain SQL (no Python objects), then `claims` claim rows in one INSERT."""
    today, stale_before = NOW.date(), NOW - timedelta(days=WorkspaceSettings().stale_days)
    session.execute(select(Nonconformance.record_id, Nonconformance.title, Nonconformance.owner,
                           Nonconformance.due_date).where(
        Nonconformance.team_id == TEAM, Nonconformance.status == "action", Nonconformance.due_date < today)).all()
    session.execute(select(Nonconformance.record_id, Nonconformance.title, Nonconformance.owner,
                           Nonconformance.reporter, Nonconformance.updated_at).where(
        Nonconformance.team_id == TEAM, Nonconformance.status.in_(OPEN),
        Nonconformance.updated_at < stale_before)).all()
    session.execute(select(ApprovalRequest.record_id, ApprovalRequest.title, ApprovalRequest.requester,
                           ApprovalRequest.due_on, ApprovalRequest.created_at, ApprovalApprover.user_id).join(
        ApprovalApprover, ApprovalApprover.request_id == ApprovalRequest.id).where(
        ApprovalRequest.team_id == TEAM, ApprovalRequest.status == "pending",
        ApprovalApprover.decision == "pending", ApprovalRequest.created_at <= NOW - timedelta(hours=24))).all()
    if claims:
        session.execute(insert(ReminderClaim), [
            {"team_id": TEAM, "person": f"U_P{n % PEOPLE}", "kind": "bench", "record_id": f"X-{n}", "day": today,
             "since": NOW, "escalation": False, "sent_at": NOW} for n in range(claims)])


def claimed_today(sessions) -> None:
    """Commit one sweep: what a later sweep the same day finds (everything already claimed)."""
    with sessions.begin() as session:
        one_sweep(session)


def one_sweep(session) -> int:
    settings = WorkspaceSettings(managers=("U_P1", "U_P2"))
    queued = remind(session, team_id=TEAM, settings=settings, now=NOW)
    session.flush()  # the DMs' outbox rows are written too
    return sum(len(reminder.items) for reminder in queued)


def measure(sessions, engine, work) -> tuple[float, int, object]:
    with sessions() as session, counting(engine) as counted:
        session.begin()
        started = time.perf_counter()
        result = work(session)
        elapsed = time.perf_counter() - started
        session.rollback()
    return elapsed, len(counted), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 100k NCs and 10k approvals")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", help="an empty database (default: a temporary SQLite file)")
    options = parser.parse_args()
    ncs, approvals = int(100_000 * options.scale), int(10_000 * options.scale)
    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{folder}/bench.db"
        seed(url, ncs, approvals)
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        times, statements, items = {name: [] for name in LABELS}, {}, {}
        counts = partial(digest_counts, statements=counts_needed(digest_period(NOW), now=NOW))
        claims = measure(sessions, engine, one_sweep)[2]  # how many the first sweep claims (a warm-up too)
        for phase in ("first", "later"):
            if phase == "later":
                claimed_today(sessions)
            bare = partial(bare_work, claims=claims if phase == "first" else 0)
            for _ in range(options.rounds):
                for name, work in (("digest counts", counts), ("baseline", baseline), (f"bare {phase}", bare),
                                   (f"{phase} sweep", one_sweep)):
                    elapsed, statements[name], items[name] = measure(sessions, engine, work)
                    times[name].append(elapsed)
        dialect = engine.dialect.name
        engine.dispose()
    medians = {name: statistics.median(found) for name, found in times.items()}
    print(f"{dialect}: {ncs} NCs, {approvals} approvals; {options.rounds} interleaved rounds per phase")
    print(f"  {'':46s} {'median':>9s} {'stmts':>5s} {'/digest counts':>14s} {'/sources counts':>15s} "
          f"{'/bare work':>10s}")
    for name, label in LABELS.items():
        median, sweep = medians[name], name.endswith("sweep")
        against_bare = f"{median / medians['bare ' + name.split()[0]]:9.1f}x" if sweep else ""
        reminded = f"  ({items[name]} items reminded)" if sweep else ""
        print(f"  {label:46s} {median * 1000:6.1f} ms {statements[name]:5d} {median / medians['digest counts']:13.1f}x "
              f"{median / medians['baseline']:14.1f}x {against_bare:>10s}{reminded}")
    print("  target (issue 11): under 1 s and within 3x of the digest's counts")

if __name__ == "__main__":
    main()
