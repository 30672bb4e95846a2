"""The NC tally (models.tally) the database keeps with triggers always equals counting the NCs themselves:
after reports, status, severity and process changes, a workspace's other NCs and deletes; and two
transactions moving NCs in opposite directions at once both commit (PostgreSQL locks tally rows in key
order)."""
from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, select, update

from bot.qms.nc import tally
from models import NcTally, Nonconformance

AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _rows(n: int, team_id: str = "T1", status: str = "open") -> list[dict]:
    return [{"team_id": team_id, "record_id": f"NC-{k}", "title": f"NC {k}", "severity": ("minor", "major")[k % 2],
             "process": ("Sales", "Delivery", "Design")[k % 3], "source": "internal", "status": status,
             "reporter": "U_ALICE", "created_at": AT, "updated_at": AT} for k in range(1, n + 1)]


def _counted(session) -> dict[tuple, int]:
    key = (Nonconformance.team_id, Nonconformance.status, Nonconformance.severity, Nonconformance.process)
    return {tuple(row[:4]): row[4] for row in session.execute(select(*key, func.count()).group_by(*key))}


def _tallied(session) -> dict[tuple, int]:
    return {tuple(row[:4]): row[4] for row in session.execute(
        select(NcTally.team_id, NcTally.status, NcTally.severity, NcTally.process, NcTally.records)
        .where(NcTally.records > 0))}


def test_the_tally_follows_every_insert_change_and_delete(session_factory):
    with session_factory.begin() as session:
        session.execute(insert(Nonconformance), _rows(30) + _rows(4, team_id="T2"))
    with session_factory.begin() as session:
        assert _tallied(session) == _counted(session)
        session.execute(update(Nonconformance).where(Nonconformance.id <= 10).values(status="action"))
        session.execute(update(Nonconformance).where(Nonconformance.id.between(11, 14)).values(severity="critical"))
        session.execute(update(Nonconformance).where(Nonconformance.id == 15)
                        .values(process="Support", status="closed"))
        session.execute(update(Nonconformance).where(Nonconformance.id == 16).values(title="retitled"))  # not counted
        session.execute(delete(Nonconformance).where(Nonconformance.id.in_((17, 18, 31))))
    with session_factory() as session:
        assert _tallied(session) == _counted(session)
        assert tally.open_total(session, team_id="T1") == 30 - 1 - 2  # "action" is open too; 1 closed, 2 gone
        open_counts = tally.open_counts(session, team_id="T1")
        assert sum(open_counts.values()) == 27
        assert open_counts[("critical", "Delivery")] + open_counts[("critical", "Design")] + open_counts.get(
            ("critical", "Sales"), 0) == 4
        assert tally.open_total(session, team_id="T2") == 3


def test_opposite_moves_at_once_all_commit(session_factory, engine):
    rows = _rows(2)
    rows[1].update(status="action", severity=rows[0]["severity"], process=rows[0]["process"])
    with session_factory.begin() as session:
        session.execute(insert(Nonconformance), rows)
    sqlite = engine.dialect.name == "sqlite"  # one writer at a time there: the moves run one after the other
    barrier, errors = threading.Barrier(1 if sqlite else 2), []

    def flip(record_id: str, statuses: tuple[str, str]) -> None:
        try:
            for turn in range(20):  # NC-1 open -> action while NC-2 action -> open, and back
                barrier.wait(timeout=10)
                with session_factory.begin() as session:
                    session.execute(update(Nonconformance).where(Nonconformance.record_id == record_id)
                                    .values(status=statuses[turn % 2]))
        except Exception as error:  # noqa: BLE001 - the test reports it
            errors.append(error)

    moves = (("NC-1", ("action", "open")), ("NC-2", ("open", "action")))
    if sqlite:
        for move in moves:
            flip(*move)
    else:
        threads = [threading.Thread(target=flip, args=move) for move in moves]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    with session_factory() as session:
        assert not errors
        assert _tallied(session) == _counted(session)
