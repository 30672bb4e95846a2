"""The database refuses every rewrite of the audit trail it can: REPLACE, UPDATE, DELETE, TRUNCATE,
and a head moved anywhere but forward to a stored event."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bot.qms import audit
from tests.support.audit import write

EVENT_COLUMNS = "team_id, seq, record_type, record_id, action, actor, at, prev_hash, hash, keyed"
A_COPY_OF_EVENT_2 = (f"INTO audit_event (id, {EVENT_COLUMNS}) SELECT {{id}}, team_id, seq, record_type, record_id, "
                     "'note.deleted', actor, at, prev_hash, hash, keyed FROM audit_event WHERE seq = 2")


def refused(session_factory, statement, words):
    with pytest.raises(DBAPIError, match=words):
        with session_factory.begin() as session:
            session.execute(text(statement))


@pytest.mark.parametrize("dialect, statement", [
    ("sqlite", "INSERT OR REPLACE " + A_COPY_OF_EVENT_2.format(id="NULL")),  # same (team_id, seq), a new id
    ("sqlite", "INSERT OR REPLACE " + A_COPY_OF_EVENT_2.format(id=2)),  # the same id
    ("sqlite", "REPLACE " + A_COPY_OF_EVENT_2.format(id=2)),
    ("sqlite", "INSERT OR REPLACE INTO audit_head (team_id, seq, hash) VALUES ('T1', 0, '" + "0" * 64 + "')"),
    ("sqlite", "INSERT OR IGNORE " + A_COPY_OF_EVENT_2.format(id=2)),
    ("postgresql", "TRUNCATE audit_event"),
    ("postgresql", "TRUNCATE audit_head"),
    ("postgresql", "TRUNCATE audit_event, audit_head"),
    ("postgresql", "TRUNCATE audit_head CASCADE"),
])
def test_what_one_database_alone_allows_is_refused_too(engine, session_factory, dialect, statement):
    if engine.dialect.name != dialect:
        pytest.skip(f"{dialect} only (SQLite's REPLACE, PostgreSQL's TRUNCATE)")
    write(session_factory)
    refused(session_factory, statement, "append-only|only moves forward")
    with session_factory() as session:
        verdict = audit.verify(session, team_id="T1")
    assert verdict.ok and verdict.checked == 3


@pytest.mark.parametrize("statement", [
    "DELETE FROM audit_head",
    "UPDATE audit_head SET seq = 2",  # rewound after the last event was deleted
    "UPDATE audit_head SET seq = 5",  # a jump (seq + 1 is the first half of every append)
    "UPDATE audit_head SET hash = '" + "a" * 64 + "'",  # pointing at no stored event
    "UPDATE audit_head SET seq = seq + 1, hash = '" + "a" * 64 + "'",
    "UPDATE audit_head SET team_id = 'T2'",
    "INSERT INTO audit_head (team_id, seq, hash) VALUES ('T9', 5, '" + "a" * 64 + "')",
    "UPDATE audit_event SET keyed = TRUE",
    "DELETE FROM audit_event WHERE seq = 3",
    "INSERT INTO audit_event (" + EVENT_COLUMNS + ") SELECT team_id, seq, record_type, record_id, action, actor, at, "
    "prev_hash, hash, keyed FROM audit_event WHERE seq = 3",
])
def test_the_head_only_moves_forward_and_events_stay(session_factory, statement):
    write(session_factory)
    refused(session_factory, statement, "append-only|only moves forward|UNIQUE|unique|duplicate")
    with session_factory() as session:
        verdict = audit.verify(session, team_id="T1")
    assert verdict.ok and verdict.head_seq == 3


def test_recording_still_works_under_the_guards(session_factory):
    write(session_factory, 3, team="T1")
    write(session_factory, 2, team="T2")
    with session_factory() as session:
        assert [audit.verify(session, team_id=t).checked for t in ("T1", "T2")] == [3, 2]
