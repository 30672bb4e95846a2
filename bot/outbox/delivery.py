"""Deliver the outbox: claim due rows, call Slack, record what it answered.

Each claimed row ends in one of four ways:
- delivered (a post that becomes a record's copy stores where it landed, for later updates);
- retried later: HTTP 5xx, no answer, or a transient `ok: false`. Slack is
  struggling, so the rest of the batch waits too, with exponential backoff and
  jitter that grows while the trouble lasts;
- rate limited (HTTP 429): the row and every pending call of the same method in
  that workspace wait for Retry-After;
- failed: a permanent Slack error, kept on the row and logged; the person who
  reported the record is told when its card could not be posted; `trellis outbox
  retry` queues it again.
Rows are sent one by one, in order (bot.outbox.batch). A post whose answer was lost,
or whose worker died before its answer was written, is looked for in Slack before it
is sent again (bot.outbox.landed), so Slack shows it once.
"""
from __future__ import annotations

import os
import random
import socket
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.db import READ_ONLY, is_sqlite
from bot.outbox import claims, copies
from bot.outbox.batch import Batch
from bot.outbox.claims import Claimed
from bot.slack import ClientFor, without_retries
from models.types import utcnow


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with equal jitter: attempt n waits between half and all of base * 2^(n-1), capped."""

    base: float = 2.0
    cap: float = 600.0

    def delay(self, attempts: int) -> timedelta:
        ceiling = min(self.cap, self.base * 2 ** max(0, attempts - 1))
        return timedelta(seconds=ceiling / 2 + random.uniform(0, ceiling / 2))


def worker_name() -> str:
    """A name for a delivery that is not a long-running instance (bot.outbox.instance names those)."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Store:
    """The database as one delivery pass uses it: short writes, each its own transaction, never one
    open while Slack is called.

    PostgreSQL: one connection for the pass, in autocommit (each write is one statement: one round
    trip, no BEGIN/COMMIT), with synchronous_commit off, because a mark lost in a database crash
    leaves the row leased to a dead batch, and a post taken from a dead batch is looked for in
    Slack before it is sent again. SQLite: a connection per transaction, given back at once, because
    this process's other transactions queue on its write gate (bot.db) until it is.
    """

    def __init__(self, engine: Engine, connection: Connection | None = None):
        self.engine, self.connection = engine, connection
        self.readonly = engine.execution_options(**{READ_ONLY: True})

    @classmethod
    @contextmanager
    def open(cls, engine: Engine) -> Iterator[Store]:
        if is_sqlite(engine):
            yield cls(engine)
            return
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.exec_driver_sql("SET synchronous_commit TO off")
            try:
                yield cls(engine, connection)
            finally:
                try:
                    connection.exec_driver_sql("RESET synchronous_commit")
                except Exception:  # the connection broke: never hand it on with our setting
                    connection.invalidate()

    def write(self) -> AbstractContextManager[Connection]:
        """A transaction of its own (SQLite), or the pass's connection, where each statement is one."""
        return self._connection(self.engine.begin)

    def read(self) -> AbstractContextManager[Connection]:
        return self._connection(self.readonly.connect)

    @contextmanager
    def _connection(self, opening: Callable[[], AbstractContextManager[Connection]]) -> Iterator[Connection]:
        if self.connection is not None:
            yield self.connection
            return
        with opening() as connection:
            yield connection


class Delivery:
    """Delivers due rows; one instance per worker keeps how long Slack has been failing.

    `worker` is the instance's name in leases (bot.outbox.instance); each claimed batch is leased
    as "<worker>/<batch>". `stopping` is asked between messages: the rest of a batch is given back.
    """

    def __init__(self, session_factory: sessionmaker[Session], client_for: ClientFor, *, worker: str | None = None,
                 backoff: Backoff = Backoff(), batch: int = 100, lease: timedelta = claims.LEASE,
                 clock: Callable[[], datetime] = utcnow, stopping: Callable[[], bool] = lambda: False):
        self.session_factory, self._client_for, self._clients = session_factory, client_for, {}
        self.engine: Engine = session_factory.kw["bind"]
        self.worker, self.backoff, self.batch, self.lease = worker or worker_name(), backoff, batch, lease
        self.clock, self.stopping = clock, stopping
        self.trouble = 0  # consecutive transient failures, across passes

    def client(self, team_id: str) -> WebClient:
        """The workspace's client, without slack-sdk's sleeping retries (kept per client)."""
        client = self._client_for(team_id)
        if id(client) not in self._clients:
            self._clients[id(client)] = (client, without_retries(client))
        return self._clients[id(client)][1]

    def run(self, *, now: datetime | None = None) -> int:
        """Deliver every row that is due (at `now`, or the clock's time as it goes); return how many went out."""
        clock = (lambda: now) if now is not None else self.clock
        delivered = 0
        with Store.open(self.engine) as store:
            while not self.stopping():
                lease = f"{self.worker}/{uuid.uuid4().hex[:8]}"
                with store.write() as connection:
                    batch = claims.claim_due(connection, worker=lease, now=clock(), limit=self.batch,
                                             lease=self.lease)
                if not batch:
                    break
                with store.read() as connection:
                    targets = _delivered_copies(connection, batch)
                delivered += Batch(self, store, lease, targets, clock).deliver(batch)
        return delivered


def _delivered_copies(connection, batch: list[Claimed]) -> dict:
    """(team_id, copy) -> (channel, ts) of the delivered copies this batch updates or replies to."""
    found = {}
    for team_id in {message.team_id for message in batch if message.target}:
        wanted = {message.target for message in batch if message.target and message.team_id == team_id}
        found.update({(team_id, copy): where
                      for copy, where in copies.find_many(connection, team_id=team_id, copies=wanted).items()})
    return found


def deliver_due(session_factory: sessionmaker[Session], client_for: ClientFor, *, now: datetime | None = None,
                **options) -> int:
    """One delivery pass (what the worker does after each commit); tests call it as `slack.flush()`."""
    return Delivery(session_factory, client_for, **options).run(now=now)
