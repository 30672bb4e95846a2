"""Deliver the outbox: claim due rows, call Slack, record what it answered.

Each claimed row ends in one of four ways:
- delivered (a post that becomes a record's copy stores where it landed, for later updates);
- retried later: HTTP 5xx, no answer, or a transient `ok: false`. Slack is
  struggling, so the rest of the batch waits too, with exponential backoff and
  jitter that grows while the trouble lasts;
- rate limited (HTTP 429): the row and every pending call of the same method in
  that workspace wait for Retry-After;
- failed: a permanent Slack error, kept on the row and logged; `trellis outbox
  retry` queues it again.
Rows are sent one by one and each answer is committed before the next call, so
a crash re-sends at most the one message that was in flight.
"""
from __future__ import annotations

import logging
import os
import random
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.db import is_sqlite
from bot.outbox import claims, copies, hooks
from bot.outbox.claims import Claimed
from bot.outbox.queue import FILLS
from bot.outbox.sending import SlackOutcome, send
from bot.slack import ClientFor, without_retries
from models.types import utcnow

log = logging.getLogger("trellis.delivery")

WAIT_FOR_POST = timedelta(seconds=2)  # a row whose card (in another key) is not posted yet looks again after this


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with equal jitter: attempt n waits between half and all of base * 2^(n-1), capped."""

    base: float = 2.0
    cap: float = 600.0

    def delay(self, attempts: int) -> timedelta:
        ceiling = min(self.cap, self.base * 2 ** max(0, attempts - 1))
        return timedelta(seconds=ceiling / 2 + random.uniform(0, ceiling / 2))


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Delivery:
    """Delivers due rows; one instance per worker keeps how long Slack has been failing.

    One session serves a whole pass, committed after every step: no transaction (and,
    on SQLite, no write lock) is ever open while Slack is being called.
    """

    def __init__(self, session_factory: sessionmaker[Session], client_for: ClientFor, *, worker: str | None = None,
                 backoff: Backoff = Backoff(), batch: int = 100, lease: timedelta = claims.LEASE,
                 clock: Callable[[], datetime] = utcnow):
        self.session_factory, self._client_for, self._clients = session_factory, client_for, {}
        self.worker, self.backoff, self.batch, self.lease = worker or worker_name(), backoff, batch, lease
        self.clock = clock
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
        with self._session() as session:
            while True:
                batch = claims.claim_due(session, worker=self.worker, now=clock(), limit=self.batch, lease=self.lease)
                targets = _delivered_copies(session, batch)
                session.commit()
                if not batch:
                    return delivered
                delivered += _Batch(self, session, targets, clock).deliver(batch)
                session.expunge_all()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """PostgreSQL: one connection for the pass (no pool checkout and pre-ping per commit); it holds no
        lock between transactions. SQLite: the connection goes back after every commit, because this
        process's other transactions queue on the write gate (bot.db) until it does, and a pass that
        kept it would make every listener wait for its Slack calls."""
        engine = self.session_factory.kw["bind"]
        if is_sqlite(engine):
            with self.session_factory() as session:
                yield session
            return
        with engine.connect() as connection, self.session_factory(bind=connection) as session:
            yield session


class _Batch:
    """One claimed batch: sends in order and commits each answer before the next call."""

    def __init__(self, delivery: Delivery, session: Session, targets: dict, clock: Callable[[], datetime]):
        self.delivery, self.session, self.targets, self.clock = delivery, session, targets, clock
        self.worker = delivery.worker

    def deliver(self, batch: list[Claimed]) -> int:
        deadline = time.monotonic() + self.delivery.lease.total_seconds() * 0.8
        held: set[tuple[str, str]] = set()  # (team, method) rate-limited during this batch
        delivered = 0
        for index, message in enumerate(batch):
            if index and time.monotonic() > deadline:  # leave the rest before our lease on them ends
                self._release(batch[index:])
                break
            if (message.team_id, message.method) in held:
                self._release([message])  # hold_method already moved it past Retry-After
                continue
            args = self._args(message)
            if args is None:
                continue
            outcome = send(self.delivery.client(message.team_id), message.method, args)
            if outcome.kind == "delivered":
                self.delivery.trouble = 0
                delivered += self._delivered(message, outcome)
            elif outcome.kind == "ratelimited":
                held.add((message.team_id, message.method))
                self._rate_limited(message, outcome)
            elif outcome.kind == "failed":
                self._failed(message, outcome.error)
            else:
                self.delivery.trouble += 1
                resume = self.clock() + self.delivery.backoff.delay(max(self.delivery.trouble, message.attempts + 1))
                self._retry(message, outcome.error, resume)
                self._release(batch[index + 1:], at=resume)
                break
        return delivered

    def _args(self, message: Claimed) -> dict | None:
        """The call's arguments with the target's channel and ts filled in; None when it cannot go yet."""
        args, target = dict(message.args), message.target
        if target is None:
            return args
        where = self.targets.get((message.team_id, target))
        if where is None:
            where = self._saved(message.team_id, target)
        if where is not None:
            args["channel"], args[FILLS[message.use]] = where
            return args
        what = f"{target.record_id}'s {target.role}{' for ' + target.holder if target.holder else ''}"
        if claims.poster_pending(self.session, message=message):
            claims.retry_later(self.session, message_id=message.id, worker=self.worker,
                              at=self.clock() + WAIT_FOR_POST, error=f"waiting for {what} to be posted",
                              attempted=False)
            self.session.commit()
        else:
            self._failed(message, f"{what} was never posted")
        return None

    def _saved(self, team_id: str, copy) -> tuple[str, str] | None:
        saved = copies.find(self.session, team_id=team_id, copy=copy)
        self.session.commit()
        return None if saved is None else (saved.channel, saved.ts)

    def _delivered(self, message: Claimed, outcome: SlackOutcome) -> int:
        response, now = outcome.response or {}, self.clock()
        if not claims.mark_delivered(self.session, message_id=message.id, worker=self.worker, now=now):
            log.warning("outbox %s: delivered after its lease ended", message.id)
        if message.saves:
            if response.get("channel") and response.get("ts"):
                copies.remember(self.session, team_id=message.team_id, copy=message.saves,
                                channel=response["channel"], ts=response["ts"], now=now)
                self.targets[(message.team_id, message.saves)] = (response["channel"], response["ts"])
            else:
                log.warning("outbox %s: %s answered no channel/ts for %s", message.id, message.method, message.saves)
        if message.use == "permalink":
            hooks.permalink_known(self.session, team_id=message.team_id, copy=message.copy,
                                  permalink=response.get("permalink"), now=now)
        self.session.commit()
        return 0 if message.use == "permalink" else 1  # counts messages; a permalink is an answer, not one

    def _rate_limited(self, message: Claimed, outcome: SlackOutcome) -> None:
        until = self.clock() + timedelta(seconds=outcome.retry_after or 1)
        log.info("outbox %s: %s rate limited for %s; waiting until %s",
                 message.id, message.method, message.team_id, until.isoformat())
        claims.retry_later(self.session, message_id=message.id, worker=self.worker, at=until,
                          error=f"ratelimited (Retry-After {outcome.retry_after:g} s)")
        claims.hold_method(self.session, team_id=message.team_id, method=message.method, until=until)
        self.session.commit()

    def _retry(self, message: Claimed, error: str | None, at: datetime) -> None:
        log.warning("outbox %s: %s to %s failed (%s); retrying at %s",
                    message.id, message.method, message.key, error, at.isoformat())
        claims.retry_later(self.session, message_id=message.id, worker=self.worker, at=at, error=error or "unknown")
        self.session.commit()

    def _failed(self, message: Claimed, error: str | None) -> None:
        log.error("outbox %s: %s for %s failed for good: %s", message.id, message.method, message.key, error)
        claims.mark_failed(self.session, message_id=message.id, worker=self.worker, error=error or "unknown")
        self.session.commit()

    def _release(self, messages: list[Claimed], at: datetime | None = None) -> None:
        if messages:
            claims.release(self.session, ids=[m.id for m in messages], worker=self.worker, at=at)
            self.session.commit()


def _delivered_copies(session: Session, batch: list[Claimed]) -> dict:
    """(team_id, copy) -> (channel, ts) of the delivered copies this batch updates or replies to."""
    found = {}
    for team_id in {message.team_id for message in batch if message.target}:
        wanted = {message.target for message in batch if message.target and message.team_id == team_id}
        found.update({(team_id, copy): where
                      for copy, where in copies.find_many(session, team_id=team_id, copies=wanted).items()})
    return found


def deliver_due(session_factory: sessionmaker[Session], client_for: ClientFor, *, now: datetime | None = None,
                **options) -> int:
    """One delivery pass (what the worker does after each commit); tests call it as `slack.flush()`."""
    return Delivery(session_factory, client_for, **options).run(now=now)
