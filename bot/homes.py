"""The Home tab drawn and published after the ack: `app_home_opened` is answered at once (no Slack call
waits inside an ack) and a small pool reads the person's lists and calls views.publish.

At most one publish per person is waiting at a time: opening the tab again before it ran draws it
once, from what is stored when it runs. A failure is logged; the tab is drawn again on the next open.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future

from bot.pools import TrackedPool

log = logging.getLogger("trellis.home")


class HomePublisher:
    def __init__(self, workers: int = 2) -> None:
        self._pool = TrackedPool(workers, "trellis-home")
        self._waiting: set[Hashable] = set()
        self._lock = threading.Lock()

    def publish(self, person: Hashable, draw_and_publish: Callable[[], None]) -> Future | None:
        """Queue `draw_and_publish` for `person` (e.g. (team, user)); None when one already waits."""
        with self._lock:
            if person in self._waiting:
                return None
            self._waiting.add(person)
        return self._pool.submit(self._run, person, draw_and_publish)

    def drain(self, timeout: float = 10) -> None:
        """Until every queued publish ran (tests)."""
        self._pool.wait(timeout)

    def _run(self, person: Hashable, draw_and_publish: Callable[[], None]) -> None:
        with self._lock:  # from here a new open queues its own publish: it may see a later change
            self._waiting.discard(person)
        try:
            draw_and_publish()
        except Exception:
            log.exception("the Home tab of %s could not be published", person)


HOMES = HomePublisher()
