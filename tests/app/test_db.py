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
