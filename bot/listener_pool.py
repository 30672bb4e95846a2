"""Threads for Bolt's sync listeners, which block on Slack and the database: they must not run on
the event loop. Jobs are handed over thread-side (a deque under one condition) and settled on the
loop's own futures: under load a hop costs a third of `loop.run_in_executor`'s.

At most `running` listeners compute at once. They are Python under one GIL: sixteen at once took 60%
more CPU per request than two (each SQLite step hands the GIL over and the threads convoy) and
quadrupled the slowest: `/qms mine` from 16 concurrent clients, p99 210 ms with every listener on its
own thread, 55 ms with two at a time. A listener that has run for `stalled_after` without finishing
is counted out: most likely it waits on Slack (views.open, users.info within its deadline) or on a
lock, so the next job starts then on another thread, up to `size` threads. Waiting on Slack never
holds other requests up longer than that.
"""
from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

RUNNING = 2  # listeners computing at once
STALLED_AFTER = 0.05  # seconds: a listener that has run this long is most likely waiting, not computing


class ListenerPool:
    def __init__(self, size: int, *, name: str = "trellis-listener", running: int = RUNNING,
                 stalled_after: float = STALLED_AFTER):
        self._size, self._name, self._running, self._stalled_after = size, name, running, stalled_after
        self._jobs: deque = deque()
        self._threads: list[threading.Thread] = []
        self._idle = 0  # threads waiting for a job
        self._busy: dict[int, float] = {}  # thread id -> when its job started
        self._stopping = False
        self._ready = threading.Condition(threading.Lock())

    async def run(self, function: Callable[[Any], Any], argument: Any) -> Any:
        """`function(argument)` on a pool thread, awaited on the calling loop."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        with self._ready:
            self._jobs.append((function, argument, future, loop))
            if self._idle < len(self._jobs) and len(self._threads) < min(self._size, self._wanted()):
                self._start_thread()
            self._ready.notify()
        return await future

    def stop(self) -> None:
        """Let every thread finish its job and end (the server has drained its requests by now)."""
        with self._ready:
            threads, self._threads, self._stopping = self._threads, [], True
            self._ready.notify_all()
        for thread in threads:
            thread.join()
        with self._ready:
            self._stopping = False

    def _start_thread(self) -> None:
        """Under the lock."""
        thread = threading.Thread(target=self._work, name=f"{self._name}-{len(self._threads)}", daemon=True)
        self._threads.append(thread)
        thread.start()

    def _next(self) -> tuple | None:
        """The next job once fewer than `running` jobs are computing; None when stopping."""
        me = threading.get_ident()
        with self._ready:
            self._idle += 1
            try:
                while not self._stopping:
                    wait = self._turn_in()
                    if wait == 0:
                        self._busy[me] = time.monotonic()
                        return self._jobs.popleft()
                    self._ready.wait(wait)
                return None
            finally:
                self._idle -= 1

    def _computing(self, now: float) -> list[float]:
        """Under the lock: when each job still counted as computing started."""
        return [started for started in self._busy.values() if now - started < self._stalled_after]

    def _wanted(self) -> int:
        """Under the lock: threads enough for `running` computing, every stalled one, and one spare (more
        would only wait, and thrash the GIL when woken)."""
        stalled = len(self._busy) - len(self._computing(time.monotonic()))
        return self._running + stalled + 1

    def _turn_in(self) -> float | None:
        """Under the lock: 0 when a job may start now, else how long until one may (None: until notified)."""
        if not self._jobs:
            return None
        now = time.monotonic()
        computing = self._computing(now)
        if len(computing) < self._running:
            return 0
        return min(computing) + self._stalled_after - now + 0.0005

    def _work(self) -> None:
        me = threading.get_ident()
        while (job := self._next()) is not None:
            function, argument, future, loop = job
            try:
                outcome = (function(argument), None)
            except BaseException as error:  # handed to the awaiting task, which decides
                outcome = (None, error)
            with self._ready:
                del self._busy[me]
                self._ready.notify()
            try:
                loop.call_soon_threadsafe(_settle, future, *outcome)
            except RuntimeError:  # that loop is closed: nobody is waiting any more
                pass


def _settle(future: asyncio.Future, result: Any, error: BaseException | None) -> None:
    if future.cancelled():  # the request's task was cancelled (the client went away)
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
