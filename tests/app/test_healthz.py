"""GET /healthz tells a load balancer healthy or not, within a deadline, and nothing about where
the database is (that goes to the log)."""
import logging
import socket
import sqlite3
import threading

import pytest
from starlette.testclient import TestClient

from bot import migrate
from bot.db import make_engine, ping
from bot.web import create_web_app
from tests.support.fixtures import SIGNING_SECRET
from tests.support.process import free_port

SHORT = 0.2  # the deadline in these tests; trellis serve uses bot.health.HEALTH_TIMEOUT (1 s)


def healthz(app, health, **options):
    with TestClient(create_web_app(app, health, signing_secret=SIGNING_SECRET, **options)) as http:
        return http.get("/healthz")


def test_healthz_answers_while_the_database_does(slack):
    response = slack.http.get("/healthz")
    assert response.status_code == 200 and response.json() == {"ok": True, "database": "ok"}


def test_a_database_that_refuses_is_503_and_the_body_names_nothing(app, caplog):
    port = free_port()  # nothing listens there
    dead = make_engine(f"postgresql+psycopg://trellis_user:hunter2@127.0.0.1:{port}/trellis_prod")
    response = healthz(app, lambda: ping(dead))
    assert response.status_code == 503 and response.json() == {"ok": False, "database": "does not answer"}
    for secret in ("postgres", "psycopg", "trellis_user", "hunter2", "127.0.0.1", str(port), "trellis_prod"):
        assert secret not in response.text
    assert "127.0.0.1" in caplog.text and "hunter2" not in caplog.text  # the operator gets the reason


@pytest.fixture
def silent_postgres():
    """A port on this machine that takes connections and never says a word: a hung PostgreSQL."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]
    # closing the listener resets the waiting connections, so the held check ends


def test_a_hung_postgresql_is_503_by_the_deadline(app, silent_postgres):
    engine = make_engine(f"postgresql://nobody@127.0.0.1:{silent_postgres}/none")
    checks = []

    def health():
        checks.append(1)
        ping(engine)
        return {"database": "ok"}

    with TestClient(create_web_app(app, health, signing_secret=SIGNING_SECRET, health_timeout=SHORT)) as http:
        answers = [http.get("/healthz") for _ in range(3)]
    assert [a.status_code for a in answers] == [503, 503, 503]
    assert len(checks) == 1  # one check in flight at a time: a hung database holds one thread, not one per probe


def test_a_locked_sqlite_is_503_by_the_deadline(app, tmp_path):
    """SQLite would wait out its 15 s busy timeout: the answer comes while the check still waits."""
    url = f"sqlite:///{tmp_path}/locked.db"
    migrate.upgrade(url)
    engine, finished = make_engine(url), threading.Event()

    def health():
        try:
            ping(engine)
        finally:
            finished.set()
        return {"database": "ok"}

    locker = sqlite3.connect(tmp_path / "locked.db", isolation_level=None, check_same_thread=False)
    locker.execute("PRAGMA locking_mode=EXCLUSIVE")
    locker.execute("BEGIN EXCLUSIVE")
    locker.execute("CREATE TABLE held (x)")  # now no other connection may even read
    try:
        response = healthz(app, health, health_timeout=SHORT)
        assert response.status_code == 503 and response.json()["ok"] is False and not finished.is_set()
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert finished.wait(10)  # the held check ends once the lock goes
    assert healthz(app, lambda: ping(engine) or {"database": "ok"}).status_code == 200  # and health comes back
    engine.dispose()


def test_the_answer_does_not_wait_for_a_held_check(app, caplog):
    """The deadline, shown without a clock: the 503 arrives while the check is still held. The
    check's late answer then stands for the next probe, which starts no second check."""
    release, finished, checks = threading.Event(), threading.Event(), []

    def held():
        checks.append(1)
        release.wait(10)
        finished.set()
        return {"database": "ok"}

    caplog.set_level(logging.WARNING)
    with TestClient(create_web_app(app, held, signing_secret=SIGNING_SECRET, health_timeout=SHORT)) as http:
        response = http.get("/healthz")
        assert response.status_code == 503 and not finished.is_set()
        assert "did not answer within" in caplog.text
        release.set()
        assert finished.wait(5)
        assert http.get("/healthz").json() == {"ok": True, "database": "ok"}
    assert len(checks) == 1
