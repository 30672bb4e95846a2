"""Engine and session factory for SQLite (embedded default) and PostgreSQL.

SQLite runs in WAL mode with foreign keys on and a busy timeout. A writing
transaction starts with BEGIN IMMEDIATE: writers queue on the lock up front
instead of failing half-way with "database is locked" when two upgrade at once.
Read-only work goes through `factory.reads`: a plain deferred BEGIN on SQLite
(WAL readers never wait for a writer) and a READ ONLY transaction on PostgreSQL,
ended with COMMIT so psycopg keeps its prepared statements (and PostgreSQL its plans).
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_MS = 15_000


# Connections kept open: as many as requests are commonly in listeners at once. SQLAlchemy's default (5)
# made every request beyond the fifth open a connection (SQLite's pragmas, PostgreSQL's fork) and close it
# again: a tenth of /qms mine's time under 16 concurrent requests. Overflow still opens more when needed.
# Last in, first out: the connection used last is the warm one (SQLite's page cache is per connection,
# PostgreSQL's plans and catalog caches per backend); first in, first out hands out the coldest, and keeps
# every pooled connection busy enough never to be recycled.
POOL_SIZE = 20
POOL = {"pool_size": POOL_SIZE, "max_overflow": 20, "pool_use_lifo": True}


class DatabaseError(Exception):
    """The database URL is wrong or the database does not answer (one line for the operator)."""


def make_engine(url: str, **kwargs) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"DATABASE_URL is not a database URL: {url!r}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed, **kwargs)
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        # connect_timeout: a server that takes the connection and never answers would hold a thread forever
        options = {**POOL, "pool_pre_ping": True, "pool_recycle": 1800,
                   "connect_args": {"connect_timeout": 10}}
        options.update(kwargs)
        try:
            return create_engine(parsed, **options)
        except ModuleNotFoundError:
            raise DatabaseError("PostgreSQL needs its driver: pip install 'trellis-qms[postgres]'") from None
    raise DatabaseError(f"DATABASE_URL: unsupported database {backend!r} (use sqlite:/// or postgresql://)")


def _sqlite_engine(parsed, **kwargs) -> Engine:
    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        parent = Path(database).expanduser().resolve().parent
        if not parent.is_dir():
            raise DatabaseError(f"DATABASE_URL: folder {parent} does not exist")
    options = {"connect_args": {"check_same_thread": False, "timeout": SQLITE_BUSY_MS / 1000}, **POOL}
    options.update(kwargs)
    engine = create_engine(parsed, **options)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    _gate_writers(engine)
    return engine


def _gate_writers(engine: Engine) -> None:
    """Queue this process's transactions on a lock before BEGIN IMMEDIATE.

    SQLite's own busy handler waits by sleeping in growing steps, which puts
    hundreds of milliseconds on the slowest of a few concurrent requests; a
    lock hands the database over the moment the previous transaction returns
    its connection. Other processes (the CLI) still meet the busy timeout.
    """
    gate = threading.Lock()

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection):
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")  # a snapshot; never waits for writers
            return
        record = connection.connection._connection_record
        if not record.info.get("gate"):
            if not gate.acquire(timeout=SQLITE_BUSY_MS / 1000):
                raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))
            record.info["gate"] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except Exception:
            _release(record)
            raise

    def _release(record) -> None:
        if record.info.pop("gate", False):
            gate.release()

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection, record):
        _release(record)


READ_ONLY = "trellis_read_only"


class SessionFactory(sessionmaker):
    """Sessions for work that writes; `reads` makes sessions for work that only reads."""

    reads: sessionmaker


def make_session_factory(engine: Engine, *, audit_key: bytes | None = None) -> SessionFactory:
    """`audit_key` (TRELLIS_AUDIT_KEY) rides in every session's info, where bot.qms.audit finds it."""
    from sqlmodel import Session as SQLModelSession

    from bot.qms.audit.chain import KEY_INFO

    info = {KEY_INFO: audit_key} if audit_key else {}
    factory = SessionFactory(bind=engine, class_=SQLModelSession, expire_on_commit=False, info=info)
    options = {READ_ONLY: True, **({"postgresql_readonly": True} if engine.dialect.name == "postgresql" else {})}
    factory.reads = sessionmaker(bind=engine.execution_options(**options), class_=_reading_session(),
                                 expire_on_commit=False, info=info)
    return factory


@cache
def _reading_session():
    from sqlmodel import Session as SQLModelSession

    class ReadingSession(SQLModelSession):
        """Ends its transaction with COMMIT, not ROLLBACK (the same for a transaction that wrote nothing):
        psycopg forgets every prepared statement on a ROLLBACK, so PostgreSQL planned the lists' statements
        afresh on every look (2.5 ms each) instead of reusing their plans."""

        def close(self) -> None:
            transaction = self.get_transaction()
            if transaction is not None and transaction.is_active and not (self.new or self.dirty or self.deleted):
                try:
                    self.commit()
                except SQLAlchemyError:  # the connection failed: closing rolls back and returns it
                    pass
            super().close()

    return ReadingSession


@contextmanager
def snapshot(factory: SessionFactory) -> Iterator[Session]:
    """A read-only session that sees one moment throughout (long checks such as `trellis audit verify`):
    SQLite's deferred read already does; PostgreSQL needs REPEATABLE READ. Neither waits for writers."""
    with factory.reads() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        yield session


def is_sqlite(engine_or_session) -> bool:
    bind = engine_or_session.get_bind() if isinstance(engine_or_session, Session) else engine_or_session
    return bind.dialect.name == "sqlite"


def ping(engine: Engine) -> None:
    """Raise DatabaseError unless the database answers a trivial query."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (OperationalError, SQLAlchemyError) as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
        where = engine.url.render_as_string(hide_password=True)
        raise DatabaseError(f"database at {where} does not answer: {reason}") from None
