"""Lists and look-ups that do not slow down as records pile up (issue 10, point 3).

Every statement behind `/qms mine`, the Home tab, delivering a record's copies, a reply in its
thread and the reconciliation pass reads the big tables through an index — asserted on the plans the
database itself gives (SQLite `EXPLAIN QUERY PLAN`, PostgreSQL `EXPLAIN`) for the statements the real
app ran — and `/qms mine` and Home run as many statements at 1000 records as at 60.
"""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bench.records import TEAM, seed
from bot.outbox import copies
from bot.outbox.queue import Copy
from bot.outbox.worker import DeliveryWorker
from bot.qms import threads
from models.types import utcnow
from tests.support.fixtures import MANAGER, QUALITY_CHANNEL
from tests.support.queries import Statements

BIG_TABLES = ("nonconformance", "slack_message", "approval_request", "approval_approver", "outbox_message",
              "inbound_key")
PEOPLE = ("U_ALICE", "U_BOB", "U_CAROL")  # people the fake Slack knows: no lookups of strangers
TABLES = "|".join(BIG_TABLES)
FULL_SCAN = {
    # A whole table or index read (SQLite says SCAN <table>, with or without USING INDEX), a workspace's
    # every row read through an index on team_id alone, or an OR answered by merging two indexes and
    # sorting everything they matched.
    "sqlite": re.compile(rf"^(SCAN ({TABLES})\b|SEARCH .* \(team_id=\?\)$|MULTI-INDEX OR)"),
    "postgresql": re.compile(rf"Seq Scan on ({TABLES})\b|Index Cond: \(\(team_id\)::text = '[^']*'::text\)$"),
}


def plan(engine, statement: str, parameters) -> list[str]:
    """The database's plan for one statement, a line per step (nothing is executed: rolled back)."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            lines = [row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)]
        else:
            # With a few hundred rows, reading a whole table (a sequential or bitmap scan, a hash or
            # merge join over all of it) is PostgreSQL's cheapest plan whether or not an index could
            # serve the query, so its choice would prove nothing; at 100k rows (bench/mine.py) it picks
            # index scans and nested loops. With the whole-table strategies off it takes any index that
            # can answer each step; a Seq Scan then means none can.
            for strategy in ("seqscan", "bitmapscan", "hashjoin", "mergejoin"):
                connection.exec_driver_sql(f"SET LOCAL enable_{strategy} = off")
            lines = [row[0] for row in connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)]
        connection.rollback()
    return lines


def assert_indexed(engine, statements: Statements) -> str:
    """Every read of a big table uses an index; all their plans, as one text."""
    reads = statements.reading(BIG_TABLES)
    assert reads, "nothing read the tables this test is about"
    pattern, plans = FULL_SCAN[engine.dialect.name], []
    for statement, parameters in reads:
        lines = plan(engine, statement, parameters)
        scans = [line for line in lines if pattern.search(line.strip())]
        assert not scans, f"{scans} in the plan of\n{statement}\n" + "\n".join(lines)
        plans.extend(lines)
    return "\n".join(plans)


@pytest.fixture
def stored(engine):
    """500 NCs and 50 approval requests (with their cards) among three people. SQLite is not ANALYZEd
    (nor are Trellis's own files): it plans from fixed heuristics, the same on every run. PostgreSQL is:
    it plans from statistics, and ANALYZE reads every row of tables this small, so the same each run."""
    seed(engine, ncs=500, people=PEOPLE)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    return engine


def test_mine_and_home_read_every_list_through_an_index(stored, slack, directory):
    with Statements(stored) as statements:
        for user in ("U_ALICE", MANAGER):
            assert slack.command("mine", user=user).status_code == 200
        assert slack.event({"type": "app_home_opened", "user": "U_BOB", "channel": "D_BOB", "tab": "home"}
                           ).status_code == 200
        directory.drain()
    plans = assert_indexed(stored, statements)
    for index in ("ix_nonconformance_reporter", "ix_nonconformance_owner", "ix_nonconformance_status",
                  "ix_approval_approver_user", "ix_approval_request_requester", "uq_slack_message_copy"):
        assert index in plans or (stored.dialect.name == "sqlite" and index == "uq_slack_message_copy"
                                  and "sqlite_autoindex_slack_message" in plans), index


def test_delivery_thread_and_pruning_lookups_read_their_tables_through_an_index(stored, slack, make, session_factory):
    with Statements(stored) as statements:
        record_id = make.nc("action")  # stored, its card posted, updated and linked by the outbox
        make.approval(approvers=("U_BOB", MANAGER), decided_by={"U_BOB": True})  # DM copies, then a decision
        with session_factory() as session:
            card = copies.find(session, team_id=TEAM, copy=Copy("nc", record_id))
        answer = slack.event({"type": "message", "channel": QUALITY_CHANNEL, "user": "U_CAROL", "text": "Seen it",
                              "ts": f"{float(card.ts) + 1:.6f}", "thread_ts": card.ts, "channel_type": "channel"})
        assert answer.status_code == 200
        slack.flush()
        with session_factory() as session:
            threads.active_threads(session, since=utcnow() - timedelta(days=30), limit=500)
        DeliveryWorker(session_factory, lambda _team: None)._housekeeping()  # pruning what only grows
    plans = assert_indexed(stored, statements)
    assert "ix_slack_message_where" in plans and "ix_slack_message_posted" in plans


def test_mine_and_home_run_as_many_statements_at_1000_records_as_at_60(engine, slack, directory):
    def statements_per_request() -> list[int]:
        counts = []
        for request in (lambda: slack.command("mine", user="U_ALICE"), lambda: slack.command("mine", user=MANAGER),
                        lambda: slack.event({"type": "app_home_opened", "user": "U_BOB", "channel": "D_BOB"})):
            request()  # warm: the workspace's settings and the person's facts are cached after the first
            directory.drain()
            with Statements(engine) as statements:
                assert request().status_code == 200
                directory.drain()
            counts.append(len(statements.seen))
        return counts

    seed(engine, ncs=60, people=PEOPLE, approval_every=2)  # every list of Alice's and Bob's has something
    few = statements_per_request()
    seed(engine, ncs=940, first=61, people=PEOPLE, approval_every=2)
    many = statements_per_request()
    assert many == few, f"statements per /qms mine, manager's /qms mine, Home: {few} at 60 NCs, {many} at 1000"
