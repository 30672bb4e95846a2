"""This process's name in outbox leases: the same after a restart, never shared by two live processes.

A name is "<host>:<slot>", the slot being the lowest one that no live process holds. Holding
a slot is an exclusive lock kept for the process's life: on PostgreSQL an advisory lock on a
connection kept open (so two hosts that happen to share a host name still differ), on SQLite
a file lock beside the database file. The database or the kernel drops the lock when the
process dies, even by SIGKILL, so a restarted process gets its old slot back, knows that every
lease under its name was left by its previous life, and takes those rows back at once
(bot.outbox.claims.reclaim_own) instead of waiting for the leases to run out. A second
process on the same host takes the next slot.
"""
from __future__ import annotations

import hashlib
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text

from bot.db import is_sqlite

log = logging.getLogger("trellis.delivery")

SLOTS = 64  # processes of one installation on one host; past that a process gets a one-off name


@dataclass
class Instance:
    name: str
    _release: Callable[[], None] = lambda: None

    def release(self) -> None:
        """Give the slot up (at a clean stop); a dead process's slot is freed by its death."""
        self._release()
        self._release = lambda: None


def take(engine: Engine, *, host: str | None = None) -> Instance:
    host = (host or socket.gethostname())[:40]
    taken = _file_slot(engine, host) if is_sqlite(engine) else _advisory_slot(engine, host)
    if taken is None:
        name = f"{host}:pid{os.getpid()}"
        log.warning("outbox: no free instance slot; leasing as %s (a restart cannot take its rows back early)", name)
        return Instance(name)
    return taken


def _advisory_slot(engine: Engine, host: str) -> Instance | None:
    connection = engine.connect()
    for slot in range(SLOTS):
        name = f"{host}:{slot}"
        key = int.from_bytes(hashlib.sha256(f"trellis-outbox:{name}".encode()).digest()[:8], "big", signed=True)
        if connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}):
            connection.commit()  # the lock belongs to the session; no transaction stays open

            def release(connection=connection, key=key) -> None:
                try:
                    connection.scalar(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                    connection.commit()
                    connection.close()
                except Exception:  # the connection is gone, and the lock with it
                    connection.invalidate()
            return Instance(name, release)
    connection.close()
    return None


def _file_slot(engine: Engine, host: str) -> Instance | None:
    try:
        import fcntl
    except ImportError:  # not a POSIX system
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    for slot in range(SLOTS):
        path = Path(f"{database}.instance-{slot}.lock")
        handle = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # flock: two opens in one process conflict too
        except OSError:
            os.close(handle)
            continue

        def release(handle=handle) -> None:
            fcntl.flock(handle, fcntl.LOCK_UN)
            os.close(handle)
        return Instance(f"{host}:{slot}", release)
    return None
