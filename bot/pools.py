"""A small thread pool that keeps what it was given until it ran, so tests and shutdown can wait for
all of it (the workbook's exports, the Home tab's publishes)."""
from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor


class TrackedPool:
    def __init__(self, workers: int, name: str) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
        self._running: set[Future] = set()
        self._lock = threading.Lock()

    def submit(self, function: Callable, /, *args, **kwargs) -> Future:
        future = self._pool.submit(function, *args, **kwargs)
        with self._lock:
            self._running.add(future)
        future.add_done_callback(self._finished)  # at once if it already ran
        return future

    def wait(self, timeout: float = 60) -> None:
        """Until everything submitted so far has run (or raised)."""
        with self._lock:
            running = list(self._running)
        for future in running:
            future.result(timeout=timeout)

    def _finished(self, future: Future) -> None:
        with self._lock:
            self._running.discard(future)
