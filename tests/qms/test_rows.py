"""bot.qms.rows.insert_new: many rows in one statement, those already there left alone, typed as the ORM types them."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import select

from bot.qms.rows import insert_new
from models import ReminderClaim
from tests.support.queries import Statements

NOW = datetime(2026, 11, 10, 10, 0, 0, 123456, tzinfo=UTC)


def _claim(person: str, record_id: str, **values) -> dict:
    return {"team_id": "T1", "person": person, "kind": "stale_nc", "record_id": record_id, "day": date(2026, 11, 10),
            "since": NOW - timedelta(days=3), "escalation": False, "sent_at": NOW, **values}


def test_only_the_new_rows_are_inserted_and_returned_in_one_statement(session_factory, engine):
    with session_factory.begin() as session:
        insert_new(session, ReminderClaim, [_claim("U1", "NC-1")], returning=("person", "record_id"))
    rows = [_claim("U1", "NC-1", escalation=True), _claim("U2", "NC-1"), _claim("U1", "NC-2")]
    with Statements(engine) as statements, session_factory.begin() as session:
        won = insert_new(session, ReminderClaim, rows, returning=("person", "record_id"))
    assert sorted(won) == [("U1", "NC-2"), ("U2", "NC-1")]
    assert statements.count == 1
    with session_factory.reads() as session:
        kept = session.scalars(select(ReminderClaim).where(ReminderClaim.person == "U1",
                                                           ReminderClaim.record_id == "NC-1")).one()
        assert kept.escalation is False  # the row that was there first is left as it was


def test_values_come_back_as_the_orm_stores_them(session_factory):
    eastern = timezone(timedelta(hours=-5))
    row = _claim("U_É", "NC-ü \"quoted\"", since=datetime(2026, 11, 9, 7, 30, 0, 5, tzinfo=eastern), escalation=True)
    with session_factory.begin() as session:
        assert insert_new(session, ReminderClaim, [row], returning=("record_id",)) == [("NC-ü \"quoted\"",)]
        session.add(ReminderClaim(**{**row, "record_id": "NC-orm"}))
    with session_factory.reads() as session:
        stored = {claim.record_id: claim for claim in session.scalars(select(ReminderClaim))}
    mine, orm = stored["NC-ü \"quoted\""], stored["NC-orm"]
    for column in ("person", "day", "since", "escalation", "sent_at"):
        assert getattr(mine, column) == getattr(orm, column), column
    assert mine.since == datetime(2026, 11, 9, 12, 30, 0, 5, tzinfo=UTC) and mine.day == date(2026, 11, 10)
    assert mine.escalation is True


def test_no_rows_issue_no_statement(session_factory, engine):
    with Statements(engine) as statements, session_factory.begin() as session:
        assert insert_new(session, ReminderClaim, [], returning=("person",)) == []
    assert statements.count == 0
