"""Prepared statements (bot.qms.prepared) answer exactly what SQLAlchemy's execute answers, typed alike."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import bindparam, select

from bot.qms.prepared import Prepared
from models import KnowledgeEntry, Nonconformance
from models.types import utcnow

STATEMENT = (select(Nonconformance.record_id, Nonconformance.due_date, Nonconformance.created_at)
             .where(Nonconformance.team_id == bindparam("team_id"), Nonconformance.status == "open",
                    Nonconformance.created_at >= bindparam("since"))
             .order_by(Nonconformance.id).limit(5))


def test_rows_dates_and_written_in_values_match_sqlalchemy(session_factory):
    now = utcnow().replace(microsecond=0)
    with session_factory.begin() as session:
        for n, status in enumerate(("open", "closed", "open", "open")):
            session.add(Nonconformance(team_id="T1" if n < 3 else "T2", record_id=f"NC-{n}", title="t",
                                       severity="minor", process="Sales", source="internal", status=status,
                                       reporter="U1", due_date=date(2026, 12, n + 1), created_at=now,
                                       updated_at=now))
    prepared = Prepared(STATEMENT)
    with session_factory.reads() as session:
        values = {"team_id": "T1", "since": now - timedelta(days=1)}
        rows = prepared.all(session, values)
        assert rows == [tuple(row) for row in session.execute(STATEMENT, values)]
        assert [row.record_id for row in rows] == ["NC-0", "NC-2"]  # the status written into the statement
        assert isinstance(rows[0].due_date, date) and isinstance(rows[0].created_at, datetime)
        assert prepared.all(session, {"team_id": "T1", "since": now + timedelta(days=1)}) == []


def test_an_in_list_parameter_is_refused_when_first_run(session_factory):
    prepared = Prepared(select(KnowledgeEntry.record_id).where(
        KnowledgeEntry.record_id.in_(bindparam("ids", expanding=True))))
    with session_factory.reads() as session, pytest.raises(ValueError, match="IN-list"):
        prepared.all(session, {"ids": ["KB-1"]})
