"""How long does `trellis audit verify` take over a large trail, and do the bot's readers wait for it?

    python bench/verify.py [--scale 1.0] [--rounds 2] [--database-url URL]

At --scale 1 one workspace holds 100,000 NCs with 10 events each (1,000,000 events, keyed), every
one walked, its link checked and each NC replayed against its row. The baseline, measured in the
same run in interleaved rounds, reads the same events and rows with plain SELECTs and checks
nothing: the ratio says what checking costs over reading. Target: verify under 20 s at scale 1 on
SQLite. During both sides one thread runs the `/qms mine` query every 10 ms and another writes an
NC every 50 ms; their slowest answers while verifying, next to those while only reading, show
whether verify holds the bot up.
Default database: a fresh SQLite file; pass an empty PostgreSQL database's URL to measure that.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select  # noqa: E402

from bench.trail import unguarded  # noqa: E402
from bot import migrate  # noqa: E402
from bot.audit_elsewhere import process_walker  # noqa: E402
from bot.db import make_engine, make_session_factory, snapshot  # noqa: E402
from bot.qms import audit  # noqa: E402
from bot.qms.audit.chain import event_hash  # noqa: E402
from bot.qms.nc import records  # noqa: E402
from models import AuditEvent, AuditHead, Nonconformance  # noqa: E402

TEAM, KEY, CHUNK = "T1", b"bench-key-" * 4, 10_000
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
REPORT = {"title": "Wrong drawing sent to Acme", "description": "Rev B went out instead of rev C.",
          "severity": "major", "process": "Delivery", "source": "customer_complaint", "customer": "Acme",
          "status": "open", "reporter": "U_ALICE"}
STEPS = (  # nine moves after the report: two rounds found not effective, then closed; and the source's link
    ("nc.investigated", {"status": "investigating", "owner": "U_BOB", "correction": "Sent rev C."}),
    ("nc.action_planned", {"status": "action", "root_cause": ["old revision on the drive"],
                           "corrective_action": "Archive on release", "due_date": "2026-02-01"}),
    ("nc.marked_done", {"status": "verification", "done_summary": "Checklist updated.", "done_by": "U_BOB"}),
    ("nc.not_effective", {"status": "action", "not_effective_reason": "Rev B seen again.", "done_summary": None,
                          "done_by": None}),
    ("nc.marked_done", {"status": "verification", "done_summary": "Drive cleaned.", "done_by": "U_BOB"}),
    ("nc.not_effective", {"status": "action", "not_effective_reason": "Still there.", "done_summary": None,
                          "done_by": None}),
    ("nc.marked_done", {"status": "verification", "done_summary": "Drive locked.", "done_by": "U_BOB"}),
    ("nc.evidence_linked", {"source_permalink": "https://example.slack.com/archives/C1/p1"}),
    ("nc.closed", {"status": "closed", "effectiveness": "Three releases clean."}),
)


def fill(sessions, count: int) -> int:
    """`count` NCs with their keyed trail, written in bulk (the chain computed as `audit.record` would)."""
    seq, previous = 0, audit.GENESIS
    with sessions.begin() as session:
        for first in range(0, count, CHUNK // 10):
            ncs, events = [], []
            for n in range(first + 1, min(count, first + CHUNK // 10) + 1):
                record_id, at, row = f"NC-{n}", START + timedelta(seconds=n), dict(REPORT)
                for action, after in (("nc.created", REPORT), *STEPS):
                    seq += 1
                    closed = {"closed_at": at.isoformat()} if action == "nc.closed" else {}
                    event = AuditEvent(team_id=TEAM, seq=seq, record_type="nc", record_id=record_id, action=action,
                                       actor="U_BOB", at=at, before=None, after={**after, **closed},
                                       prev_hash=previous, hash="", keyed=True)
                    event.hash = previous = event_hash(event, KEY)
                    events.append({c: getattr(event, c) for c in AuditEvent.__table__.columns.keys() if c != "id"})
                    row.update(event.after)
                row["closed_at"], row["due_date"] = at, date.fromisoformat(row["due_date"])
                ncs.append({**row, "team_id": TEAM, "record_id": record_id, "created_at": at, "updated_at": at})
            session.execute(insert(Nonconformance), ncs)
            session.execute(insert(AuditEvent), events)
        with unguarded(session.connection()):  # the head jumps to the end at once: the guard would refuse
            session.execute(insert(AuditHead), [{"team_id": TEAM, "seq": seq, "hash": previous}])
    return seq


def verify(sessions, url: str) -> tuple[float, object]:
    """As `trellis audit verify` runs it: the chain walked in a second process while this one replays."""
    began = time.perf_counter()
    with snapshot(sessions) as session:
        verdict = audit.verify(session, team_id=TEAM, walker=process_walker(url))
    return time.perf_counter() - began, verdict


def bare(sessions) -> float:
    """The floor: the same events and rows read, nothing checked."""
    began = time.perf_counter()
    with sessions.reads() as session:
        for table in (AuditEvent.__table__, Nonconformance.__table__):
            for _row in session.execute(select(table).where(table.c.team_id == TEAM)
                                        .execution_options(yield_per=5000)):
                pass
    return time.perf_counter() - began


class Bot:
    """The bot's readers and a writer, working while verify runs; their slowest answers."""

    def __init__(self, sessions):
        self.sessions, self.stop, self.slowest = sessions, threading.Event(), {"read": 0.0, "write": 0.0}
        self.threads = [threading.Thread(target=self._loop, args=(kind, pause), daemon=True)
                        for kind, pause in (("read", 0.01), ("write", 0.05))]

    def _loop(self, kind: str, pause: float) -> None:
        while not self.stop.wait(pause):
            began = time.perf_counter()
            if kind == "read":
                with self.sessions.reads() as session:
                    records.open_for(session, team_id=TEAM, user_id="U_ALICE")
            else:
                with self.sessions.begin() as session:
                    records.report(session, team_id="T_OTHER", reporter="U_ALICE", now=datetime.now(UTC),
                                   values={k: v for k, v in REPORT.items() if k not in ("status", "reporter")})
            self.slowest[kind] = max(self.slowest[kind], time.perf_counter() - began)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_):
        self.stop.set()
        for thread in self.threads:
            thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 100,000 NCs and 1,000,000 events")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--database-url")
    options = parser.parse_args()
    count = max(1, int(100_000 * options.scale))
    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{folder}/bench.db"
        migrate.upgrade(url)
        engine = make_engine(url)
        sessions = make_session_factory(engine, audit_key=KEY)
        began = time.perf_counter()
        events = fill(sessions, count)
        print(f"{count} NCs, {events} events written in {time.perf_counter() - began:.1f} s ({url.split(':')[0]})")
        seconds, verdict = {"bare": 0.0, "verify": 0.0}, None
        slowest = {side: {"read": 0.0, "write": 0.0} for side in seconds}
        for round_ in range(options.rounds):
            for side in (("bare", "verify") if round_ % 2 == 0 else ("verify", "bare")):
                with Bot(sessions) as bot:  # the bot works during both sides alike
                    if side == "bare":
                        took = bare(sessions)
                    else:
                        took, verdict = verify(sessions, url)
                seconds[side] += took
                slowest[side] = {kind: max(slowest[side][kind], bot.slowest[kind]) for kind in bot.slowest}
        engine.dispose()
    per_round = {name: total / options.rounds for name, total in seconds.items()}
    print(f"verify (chain + replay): {per_round['verify']:7.2f} s per run  "
          f"({events / per_round['verify']:,.0f} events/s)")
    print(f"bare reads:              {per_round['bare']:7.2f} s per run")
    print(f"ratio verify / bare:     {per_round['verify'] / per_round['bare']:7.2f}x")
    for side, label in (("verify", "while verifying"), ("bare", "while only reading")):
        print(f"{label + ':':24} slowest /qms mine read {slowest[side]['read'] * 1000:4.0f} ms, "
              f"slowest NC written {slowest[side]['write'] * 1000:4.0f} ms")
    if not verdict.ok or verdict.checked != events or verdict.replayed != count:
        sys.exit(f"expected an intact trail of {events} events and {count} records, got {verdict}")


if __name__ == "__main__":
    main()
