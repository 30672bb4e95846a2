"""Write audit events and tamper with them as someone with database access would."""
from __future__ import annotations

from datetime import UTC, datetime

from bot.qms import audit

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
GUARDED = ("audit_event", "audit_head")


def write(session_factory, n=3, team="T1"):
    """`n` events about a record type no table holds (nothing to replay): the chain alone."""
    for i in range(n):
        with session_factory.begin() as session:
            audit.record(session, team_id=team, record_type="note", record_id=f"NOTE-{i + 1}",
                         action="note.created", actor="U1", now=NOW, before=None,
                         after={"title": f"thing {i}", "due": NOW.date()})


def tamper(engine, *statements):
    """What an attacker with database access would do: lift the guards, edit, put them back.
    (On SQLite the triggers stay dropped: each test has its own copy of the database; the
    PostgreSQL database is shared by the tests that follow, so its triggers come back on.)"""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            names = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('audit_event', 'audit_head')")
            for (name,) in list(names):
                connection.exec_driver_sql(f"DROP TRIGGER {name}")
            for statement in statements:
                connection.exec_driver_sql(statement)
            return
        for table in GUARDED:
            connection.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        for statement in statements:
            connection.exec_driver_sql(statement)
        for table in GUARDED:
            connection.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def rechain(engine, session_factory, team="T1", key: bytes | None = None, upto: int | None = None):
    """Recompute every link (and the head) as someone who can write the database would, with `key`
    (None: plain SHA-256); `upto` cuts the trail there first."""
    from sqlalchemy import select

    from models import AuditEvent

    with session_factory() as session:
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.team_id == team).order_by(AuditEvent.seq)))
    statements = [f"DELETE FROM audit_event WHERE team_id = '{team}' AND seq > {upto}"] if upto is not None else []
    events = events[:upto] if upto is not None else events
    previous = audit.GENESIS
    for event in events:
        event.prev_hash, event.keyed = previous, key is not None
        event.hash = previous = audit.event_hash(event, key)
        statements.append(f"UPDATE audit_event SET prev_hash = '{event.prev_hash}', hash = '{event.hash}', "
                          f"keyed = {'TRUE' if event.keyed else 'FALSE'} WHERE id = {event.id}")
    statements.append(f"UPDATE audit_head SET seq = {len(events)}, hash = '{previous}' WHERE team_id = '{team}'")
    tamper(engine, *statements)
