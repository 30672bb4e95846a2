"""The delivery worker: a thread inside `trellis run`/`serve` that empties the outbox.

It wakes the moment a transaction that queued a message commits (see `attach`),
when the next retry is due or a lease runs out, and at least every `poll` seconds.
Started under this process's instance name (bot.outbox.instance), it first takes
back the rows its previous life left leased. It also prunes what the outbox no
longer needs: old inbound dedup keys and delivered rows.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from bot.outbox import claims, inbound
from bot.outbox.delivery import Backoff, Delivery
from bot.outbox.queue import WAKE_FLAG
from bot.slack import ClientFor
from models.types import utcnow

log = logging.getLogger("trellis.delivery")

HOUSEKEEPING_EVERY = timedelta(minutes=10)


class DeliveryWorker:
    def __init__(self, session_factory: sessionmaker[Session], client_for: ClientFor, *, poll: float = 15.0,
                 backoff: Backoff = Backoff(), clock: Callable[[], datetime] = utcnow, **options):
        self.session_factory, self.poll, self.clock = session_factory, poll, clock
        self._wake, self._stop = threading.Event(), threading.Event()
        self.delivery = Delivery(session_factory, client_for, backoff=backoff, clock=clock,
                                 stopping=self._stop.is_set, **options)
        self.idle = threading.Event()  # set while waiting between passes (tests and shutdown wait on it)
        self._thread: threading.Thread | None = None
        self._attached = False
        self._next_housekeeping = clock()

    # --- waking on commit ------------------------------------------------------------------
    def attach(self) -> None:
        """Wake this worker whenever a session of the factory commits a queued message."""
        event.listen(self.session_factory, "after_commit", self._after_commit)
        event.listen(self.session_factory, "after_rollback", self._after_rollback)
        self._attached = True

    def _after_commit(self, session: Session) -> None:
        if session.info.pop(WAKE_FLAG, False):
            self.wake()

    @staticmethod
    def _after_rollback(session: Session) -> None:
        session.info.pop(WAKE_FLAG, None)

    def wake(self) -> None:
        self._wake.set()

    # --- the thread --------------------------------------------------------------------------
    def start(self) -> None:
        self._reclaim()
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="trellis-delivery", daemon=True)
        self._thread.start()

    def _reclaim(self) -> None:
        """Rows this instance held when it last stopped (or died) are due now, not when their leases end."""
        with self.session_factory.begin() as session:
            taken = claims.reclaim_own(session, instance=self.delivery.worker, now=self.clock())
        if taken:
            log.info("outbox: %s rows leased by this instance before it restarted are due again", taken)

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the call in flight, then stop; the rest of the batch is given back for the next start."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._attached:
            event.remove(self.session_factory, "after_commit", self._after_commit)
            event.remove(self.session_factory, "after_rollback", self._after_rollback)
            self._attached = False

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()  # a commit during the pass sets it again and we go round at once
            try:
                self.delivery.run()
                self._housekeeping()
                delay = self._seconds_to_next()
            except Exception:  # the database or a bug: keep the worker alive and try again soon
                log.exception("delivery pass failed")
                delay = min(self.poll, 5.0)
            self.idle.set()
            self._wake.wait(delay)
            self.idle.clear()

    def _seconds_to_next(self) -> float:
        now = self.clock()
        with self.session_factory() as session:
            moment = claims.next_wake(session, now=now)
        if moment is None:
            return self.poll
        return min(self.poll, max(0.01, (moment - now).total_seconds()))

    def _housekeeping(self) -> None:
        now = self.clock()
        if now < self._next_housekeeping:
            return
        self._next_housekeeping = now + HOUSEKEEPING_EVERY
        with self.session_factory.begin() as session:
            keys = inbound.forget(session, older_than=now - inbound.KEEP)
            rows = claims.prune_delivered(session, older_than=now - claims.DELIVERED_KEEP)
        if keys or rows:
            log.info("outbox housekeeping: %s inbound keys and %s delivered rows pruned", keys, rows)
