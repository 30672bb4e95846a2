import json
import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from bot.qms import audit
from models import AuditEvent
from tests.support.audit import NOW, tamper, write


def test_events_chain_and_verify(session_factory):
    write(session_factory)
    with session_factory() as session:
        verdict = audit.verify(session, team_id="T1")
        events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
    assert verdict.ok and verdict.checked == 3
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[1].prev_hash == events[0].hash and events[0].prev_hash == audit.GENESIS
    assert events[0].after == {"title": "thing 0", "due": "2026-11-26"}


def test_the_database_refuses_updates_and_deletes(session_factory):
    write(session_factory, 1)
    for statement in ("UPDATE audit_event SET action = 'x'", "DELETE FROM audit_event"):
        with pytest.raises(DBAPIError, match="append-only"):
            with session_factory.begin() as session:
                session.execute(text(statement))


@pytest.mark.parametrize("statement, reason", [
    ("UPDATE audit_event SET actor = 'U_EVIL' WHERE seq = 2", "content was changed"),
    ("DELETE FROM audit_event WHERE seq = 2", "event 2 is missing"),
    ("DELETE FROM audit_event WHERE seq = 3", "the trail ends at event 2"),
])
def test_tampering_is_found_and_named(engine, session_factory, statement, reason):
    write(session_factory)
    tamper(engine, statement)
    with session_factory() as session:
        verdict = audit.verify(session, team_id="T1")
    assert not verdict.ok and reason in verdict.reason


def test_concurrent_writers_keep_one_unbroken_chain(session_factory):
    start = threading.Barrier(6)

    def worker():
        start.wait()
        write(session_factory, 10)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with session_factory() as session:
        verdict = audit.verify(session, team_id="T1")
    assert verdict.ok and verdict.checked == 60


def test_events_are_stored_as_the_text_they_hash_and_older_forms_still_verify(engine, session_factory, monkeypatch):
    from bot.qms.audit import walk
    from tests.support.audit import tamper

    write(session_factory, 2)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT CAST(after AS TEXT) FROM audit_event ORDER BY seq")).scalars().all()
    assert stored[0] == '{"due":"2026-11-26","title":"thing 0"}'
    parsed = []
    monkeypatch.setattr(walk, "_parse", lambda value: parsed.append(value) or json.loads(value))
    with session_factory() as session:
        assert audit.verify(session, team_id="T1").ok and parsed == []  # hashed as stored, nothing parsed
    # The same values in json.dumps's default form, as rows written before audit_1 hold them.
    tamper(engine, """UPDATE audit_event SET after = '{"title": "thing 1", "due": "2026-11-26"}' WHERE seq = 2""")
    with session_factory() as session:
        assert audit.verify(session, team_id="T1").ok and len(parsed) == 2


@pytest.mark.parametrize("actor, at", [(None, NOW), ("U\u00e9 \"x\"", NOW.replace(tzinfo=None))])
def test_the_stored_text_hashes_exactly_like_the_values(actor, at):
    from types import SimpleNamespace

    from bot.qms.audit.chain import stored_event_hash
    from models.audit import CANONICAL

    values = {"team_id": "T1", "seq": 7, "record_type": "nc", "record_id": "NC-1", "action": "nc.created",
              "actor": actor, "at": at, "prev_hash": "ab" * 32, "before": None,
              "after": {"z": [1, 2.5, None, True], "a": "\u00e9\u2028\"\\\n\U0001f600", "m": {"y": 1, "b": {}}}}
    stored = {**values, "before": None, "after": CANONICAL.encode(values["after"])}
    for key in (None, b"k" * 32):
        assert stored_event_hash(SimpleNamespace(**stored), key) == audit.event_hash(SimpleNamespace(**values), key)
