"""The engines bot.db builds: SQLite with WAL, foreign keys and a busy timeout; PostgreSQL pooled."""
import pytest
from sqlalchemy import text
from sqlalchemy.pool import QueuePool

from bot.db import POOL_SIZE, SQLITE_BUSY_MS, DatabaseError, make_engine, ping


def test_each_backend_is_set_up_as_designed(engine):
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            pragmas = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                       for name in ("journal_mode", "foreign_keys", "busy_timeout")}
            assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": SQLITE_BUSY_MS}
        else:
            assert isinstance(engine.pool, QueuePool) and engine.pool.size() == POOL_SIZE
            assert engine.url.drivername == "postgresql+psycopg"
        assert connection.execute(text("SELECT 1")).scalar() == 1


def test_the_pool_hands_out_the_connection_returned_last(engine):
    """The warm one: its page cache (SQLite) and plans (PostgreSQL) are what the next request needs."""
    first, second = engine.connect(), engine.connect()
    first_raw, second_raw = first.connection.dbapi_connection, second.connection.dbapi_connection
    first.close()
    second.close()
    with engine.connect() as again:
        assert again.connection.dbapi_connection is second_raw is not first_raw


@pytest.mark.parametrize("url, words", [
    ("nonsense", "not a database URL"),
    ("mysql://x@localhost/db", "unsupported database 'mysql'"),
    ("sqlite:////no/such/folder/t.db", "does not exist"),
])
def test_a_bad_database_url_is_one_clear_error(url, words):
    with pytest.raises(DatabaseError, match=words):
        make_engine(url)


def test_an_unreachable_database_is_one_clear_error():
    with pytest.raises(DatabaseError, match="127.0.0.1:1/none does not answer") as error:
        ping(make_engine("postgresql://nobody:secret@127.0.0.1:1/none"))
    assert "secret" not in str(error.value) and "\n" not in str(error.value)


def test_a_reading_session_ends_in_commit_so_prepared_statements_survive_it(db_url):
    """psycopg forgets its prepared statements on ROLLBACK: read sessions commit (they wrote nothing), so
    PostgreSQL reuses a list's plan from one look to the next instead of planning it every time."""
    from bot.db import make_session_factory
    from models import Nonconformance

    engine = make_engine(db_url, pool_size=1, max_overflow=0)  # one connection: every session shares it
    factory = make_session_factory(engine)
    statement = text("SELECT count(*) FROM nonconformance WHERE team_id = :team")
    for _ in range(8):
        with factory.reads() as session:
            assert session.execute(statement, {"team": "T1"}).scalar() == 0
    with factory.reads() as session:
        if engine.dialect.name == "postgresql":
            assert session.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar() >= 1
        session.add(Nonconformance(team_id="T1", record_id="NC-1", title="t", severity="minor",
                                   process="Sales", source="internal", status="open", reporter="U1"))
    with factory() as session:  # what a reading session was handed is never written by closing it
        assert session.execute(statement, {"team": "T1"}).scalar() == 0
    engine.dispose()
