"""GET /healthz for a load balancer: 200 with the outbox figures while the database answers,
503 otherwise, always within a deadline, and without a word about where the database is.

The check is a blocking call (a locked SQLite waits out its busy timeout, an unreachable
PostgreSQL its connect timeout), so it runs on its own thread: at most one check is in
flight, and every request waits for that one, up to the deadline.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

HEALTH_TIMEOUT = 1.0  # seconds; load balancers usually give a check 2-5 s
UNHEALTHY = {"ok": False, "database": "does not answer"}  # the reason (driver, host, user, name) is logged

log = logging.getLogger("trellis.web")


class HealthCheck:
    def __init__(self, health: Callable[[], dict], *, timeout: float = HEALTH_TIMEOUT):
        self._health, self._timeout = health, timeout
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="trellis-health")
        self._running: Future | None = None

    async def __call__(self) -> tuple[int, dict]:
        """(status, body)."""
        if self._running is None or self._running.done():
            self._running = self._thread.submit(self._health)
        try:  # wrap_future: a check started under one event loop can be awaited from another
            report = await asyncio.wait_for(asyncio.wrap_future(self._running), self._timeout)
        except TimeoutError:
            log.warning("health check: the database did not answer within %.1f s", self._timeout)
            return 503, UNHEALTHY
        except Exception as error:  # any failure to answer means unhealthy
            log.warning("health check: %s", str(error).strip().splitlines()[0] if str(error) else type(error).__name__)
            return 503, UNHEALTHY
        return 200, {"ok": True, **report}
