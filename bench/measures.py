"""How fast are the management review's c1 (customer satisfaction, response times) and c2 (quality
objectives) sections with a big history? At --scale 1: 1M first-response timing rows over 200 customer
channels and 50k feedback rows (plus NCs, approvals and one objective per measure and period kind).

Each section is timed next to its bare aggregate queries: the very SQL statements it issues (captured
once), replayed straight on the connection — what the database alone costs — in interleaved rounds
of the same run. Prints the statement counts too (they do not grow with the rows).

    python bench/measures.py [--scale 0.01] [--rounds 7] [--database-url URL]
Target: each section under 1 s and within 3x of its bare queries.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, insert  # noqa: E402

from bot import migrate  # noqa: E402
from bot.db import make_engine, make_session_factory  # noqa: E402
from bot.qms.feedback import digest as c1  # noqa: E402
from bot.qms.inputs import Period  # noqa: E402
from bot.qms.objectives import digest as c2  # noqa: E402
from bot.qms.objectives.measures import MEASURES  # noqa: E402
from bot.qms.responses import rollup  # noqa: E402
from bot.qms.workspaces import WorkspaceSettings  # noqa: E402
from models import (  # noqa: E402
    ApprovalRequest,
    Customer,
    CustomerMessage,
    Feedback,
    Nonconformance,
    Objective,
    ResponseMonth,
)

TEAM = "T111"
CHANNELS = [f"C{n:04d}" for n in range(200)]
NOW = datetime(2026, 12, 7, 9, tzinfo=UTC)  # a Monday: the digest of the week before
HISTORY = timedelta(days=200)
BATCH = 20_000


def batches(rows, size=BATCH):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def seed(engine, scale: float) -> None:
    rng = random.Random(7)
    messages, feedback, records = int(1_000_000 * scale), int(50_000 * scale), max(100, int(5_000 * scale))
    start = NOW - HISTORY
    with engine.begin() as connection:
        connection.execute(insert(Customer), [{"team_id": TEAM, "name": f"Customer {n}", "name_key": f"customer {n}",
                                               "created_at": start} for n in range(200)])
        ids = [row[0] for row in connection.exec_driver_sql("SELECT id FROM customer ORDER BY id")]

        def message(n):
            posted = start + timedelta(seconds=rng.randrange(int(HISTORY.total_seconds())))
            waited = rng.randrange(60, 40 * 3600) if rng.random() < 0.97 else None
            return {"team_id": TEAM, "channel_id": CHANNELS[n % 200], "ts": f"{posted.timestamp():.6f}{n}",
                    "author": "U_EXT", "author_team": "T_EXT", "posted_at": posted, "deleted": False,
                    "answered_at": posted + timedelta(seconds=waited) if waited else None,
                    "answer_ts": None, "answered_by": "U_STAFF" if waited else None, "working_seconds": waited}

        counted: dict[tuple, int] = {}
        for batch in batches(message(n) for n in range(messages)):
            connection.execute(insert(CustomerMessage), batch)
            for row in batch:  # what timing.colleague_replied counts as replies arrive
                if row["working_seconds"] is not None:
                    key = (rollup.month_of(row["posted_at"], "UTC"), rollup.bucket_of(row["working_seconds"]))
                    counted[key] = counted.get(key, 0) + 1
        connection.execute(insert(ResponseMonth), [{"team_id": TEAM, "month": month, "bucket": bucket, "answered": n}
                                                   for (month, bucket), n in counted.items()])
        for batch in batches({"team_id": TEAM, "record_id": f"FB-{n}", "customer_id": ids[n % 200],
                              "customer": f"Customer {n % 200}", "scale": "csat", "score": rng.randint(1, 5),
                              "received_via": "email", "logged_by": "U_STAFF", "source_private": False,
                              "source_shown": False, "raised_nc": None,
                              "created_at": start + timedelta(seconds=rng.randrange(int(HISTORY.total_seconds())))}
                             for n in range(feedback)):
            connection.execute(insert(Feedback), batch)
        connection.execute(insert(Nonconformance), [
            {"team_id": TEAM, "record_id": f"NC-{n}", "title": "Late", "severity": "minor", "process": "Delivery",
             "source": "internal", "status": "closed" if n % 3 else "action", "reporter": "U_STAFF",
             "created_at": start + timedelta(hours=n), "updated_at": start + timedelta(hours=n),
             "closed_at": start + timedelta(hours=n + 40) if n % 3 else None,
             "due_date": (start + timedelta(hours=n + 100)).date(), "source_private": False, "source_shown": False}
            for n in range(records)])
        connection.execute(insert(ApprovalRequest), [
            {"team_id": TEAM, "record_id": f"APR-{n}", "title": "Quote", "policy": "any", "requester": "U_STAFF",
             "status": "approved", "created_at": start + timedelta(hours=n), "updated_at": start,
             "closed_at": start + timedelta(hours=n + 5), "source_private": False, "source_shown": False}
            for n in range(records)])
        connection.execute(insert(Objective), [
            {"team_id": TEAM, "record_id": f"OBJ-{n}", "name": f"Objective {n}", "owner": "U_STAFF", "period": period,
             "measure": measure, "target": 1, "days": 7, "direction": "at_least", "active": True,
             "created_by": "U_BOSS", "created_at": start, "updated_at": start}
            for n, (measure, period) in enumerate((m, p) for m in MEASURES for p in ("month", "quarter"))])


class Captured:
    """The statements a section issues, kept to be replayed bare."""

    def __init__(self, engine):
        self.engine, self.statements = engine, []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._keep)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._keep)

    def _keep(self, connection, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
            self.statements.append((statement, parameters))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.01, help="1 = 1M timing rows, 50k feedback rows")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--database-url", default=None, help="an empty database (default: a temporary SQLite)")
    parser.add_argument("--seeded", action="store_true", help="the database already holds this bench's rows")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/measures.db"
    migrate.upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    started = time.perf_counter()
    if not args.seeded:
        seed(engine, args.scale)
    print(f"{engine.dialect.name}, scale {args.scale}: seeded in {time.perf_counter() - started:.1f} s")
    week = timedelta(days=7)
    period = Period(NOW - week, NOW, tuple((NOW - week * (n + 1), NOW - week * n) for n in range(1, 5)))
    settings = WorkspaceSettings(customer_channels=tuple(CHANNELS), response_target_hours=4)
    sections = {"c1": c1.review_input, "c2": c2.review_input}
    captured = {}
    for name, section in sections.items():
        with sessions() as session, Captured(engine) as seen:
            section(session, team_id=TEAM, period=period, now=NOW, settings=settings)
        captured[name] = seen.statements
    times = {(name, kind): [] for name in sections for kind in ("section", "bare")}
    for _ in range(args.rounds):  # interleaved: each round times the section, then its bare queries
        for name, section in sections.items():
            with sessions() as session:
                began = time.perf_counter()
                section(session, team_id=TEAM, period=period, now=NOW, settings=settings)
                times[(name, "section")].append(time.perf_counter() - began)
            with engine.connect() as connection:
                raw = connection.connection.dbapi_connection
                began = time.perf_counter()
                for statement, parameters in captured[name]:
                    cursor = raw.cursor()
                    cursor.execute(statement, parameters)
                    cursor.fetchall()
                    cursor.close()
                times[(name, "bare")].append(time.perf_counter() - began)
    for name in sections:
        ours, bare = statistics.median(times[(name, "section")]), statistics.median(times[(name, "bare")])
        verdict = "ok" if ours < 1 and ours <= 3 * bare else "SLOW"
        print(f"{name}: {ours * 1000:8.1f} ms  bare queries {bare * 1000:8.1f} ms  ratio {ours / bare:4.2f}x  "
              f"statements {len(captured[name])}  [{verdict}]")
    engine.dispose()


if __name__ == "__main__":
    main()
