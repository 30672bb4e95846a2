"""Write audit events and tamper with them as someone with database access would."""
from __future__ import annotations

from datetime import UTC, datetime

from bot.qms import audit

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def write(session_factory, n=3, team="T1"):
    for i in range(n):
        with session_factory.begin() as session:
            audit.record(session, team_id=team, record_type="nc", record_id=f"NC-{i + 1}", action="nc.created",
                         actor="U1", now=NOW, before=None, after={"title": f"thing {i}", "due": NOW.date()})


def tamper(engine, statement):
    """What an attacker with database access would do: lift the guard, edit, put it back.
    (On SQLite the triggers stay dropped: each test has its own copy of the database; the
    PostgreSQL database is shared by the tests that follow, so its trigger comes back on.)"""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("DROP TRIGGER audit_event_no_update")
            connection.exec_driver_sql("DROP TRIGGER audit_event_no_delete")
            connection.exec_driver_sql(statement)
        else:
            connection.exec_driver_sql("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
            connection.exec_driver_sql(statement)
            connection.exec_driver_sql("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")

