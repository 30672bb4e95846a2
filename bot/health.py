"""GET /healthz for a load balancer: 200 with the outbox figures while the database answers,
503 otherwise, always within a deadline, and without a word about where the database is.

The check is a blocking call (a locked SQLite waits out its busy timeout, an unreachable
PostgreSQL its connect timeout), so it runs on a thread of its own: at most one check is in
flight, every request waits for that one, up to the deadline, and a daemon thread never
holds up the process's exit. A check that ended less than FRESH ago answers for the
database: on a busy host a check that just missed the deadline is still heard, and
eager probes do not each cost a query.
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future

HEALTH_TIMEOUT = 1.0  # seconds; load balancers usually give a check 2-5 s
FRESH = 2.0  # seconds a finished check's answer stands
UNHEALTHY = {"ok": False, "database": "does not answer"}  # the reason (driver, host, user, name) is logged

log = logging.getLogger("trellis.web")


class HealthCheck:
    def __init__(self, health: Callable[[], dict], *, timeout: float = HEALTH_TIMEOUT):
        self._health, self._timeout = health, timeout
        self._running: Future | None = None
        self._ended = 0.0  # time.monotonic() when the last check ended

    async def __call__(self) -> tuple[int, dict]:
        """(status, body)."""
        if self._running is None or (self._running.done() and time.monotonic() - self._ended > FRESH):
            self._running = self._start()
        try:  # wrap_future: a check started under one event loop can be awaited from another
            report = await asyncio.wait_for(asyncio.wrap_future(self._running), self._timeout)
        except TimeoutError:
            log.warning("health check: the database did not answer within %.1f s", self._timeout)
            return 503, UNHEALTHY
        except Exception as error:  # any failure to answer means unhealthy
            log.warning("health check: %s", str(error).strip().splitlines()[0] if str(error) else type(error).__name__)
            return 503, UNHEALTHY
        return 200, {"ok": True, **report}

    def _start(self) -> Future:
        future: Future = Future()
        future.set_running_or_notify_cancel()  # a waiter that gives up must not cancel it for the others

        def check() -> None:
            try:
                report = self._health()
            except Exception as error:
                self._ended = time.monotonic()
                future.set_exception(error)
            else:
                self._ended = time.monotonic()
                future.set_result(report)

        threading.Thread(target=check, name="trellis-health", daemon=True).start()
        return future
