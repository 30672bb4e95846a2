"""Which instance runs the scheduled jobs. SQLite: a single process, always the leader. PostgreSQL: the
instance holding a session-level advisory lock on a dedicated connection; when it dies its connection
closes, the lock is freed, and the next instance to ask (every half minute) takes over. The claim rows
keep every job correct even if two instances ever think they lead."""
from __future__ import annotations

import logging
import threading

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger("trellis.leader")
LOCK_KEY = 0x7E11_0001  # Trellis's scheduler leadership (pg_advisory_lock's key space is per database)


class Leader:
    def __init__(self, engine: Engine, *, key: int = LOCK_KEY):
        self.engine, self.key = engine, key
        self.always = engine.dialect.name == "sqlite"
        self._connection = None
        self._lock = threading.Lock()

    def holds(self) -> bool:
        """True while this instance leads; asks for the lock when it does not (never waits for it)."""
        if self.always:
            return True
        with self._lock:
            if self._connection is not None and self._alive():
                return True
            self._drop()
            try:
                connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
                got = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}).scalar()
            except SQLAlchemyError:
                log.warning("cannot ask the database for scheduler leadership", exc_info=True)
                return False
            if got:
                self._connection = connection
                log.info("this instance now runs the scheduled jobs")
            else:
                connection.close()
            return bool(got)

    def release(self) -> None:
        with self._lock:
            if self._connection is not None:
                try:
                    self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
                except SQLAlchemyError:
                    pass
            self._drop()

    def _alive(self) -> bool:
        try:
            self._connection.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError:
            return False

    def _drop(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except SQLAlchemyError:
                pass
            self._connection = None


def leader_only(leader: Leader, job):
    """`job`, run only while this instance leads (the others skip the tick)."""
    def run():
        if leader.holds():
            return job()
        return None
    run.__wrapped__ = job
    return run
