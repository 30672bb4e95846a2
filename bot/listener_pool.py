"""Threads for Bolt's sync listeners, which block on Slack and the database: they must not run on
the event loop. One plain queue and the loop's own futures: under load a hop costs a third of
`loop.run_in_executor`'s (no concurrent.futures.Future, no future chaining, a worker takes the
next request without sleeping)."""
from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from typing import Any


class ListenerPool:
    def __init__(self, size: int, *, name: str = "trellis-listener"):
        self._size, self._name = size, name
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._idle = 0  # threads waiting for a job that no queued job has claimed yet
        self._lock = threading.Lock()

    async def run(self, function: Callable[[Any], Any], argument: Any) -> Any:
        """`function(argument)` on a pool thread, awaited on the calling loop."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        with self._lock:  # claim an idle thread, or start one: a job never waits behind a blocked one
            if self._idle:
                self._idle -= 1
            elif len(self._threads) < self._size:
                self._start_thread()
        self._jobs.put((function, argument, future, loop))
        return await future

    def stop(self) -> None:
        """Let every thread finish its job and end (the server has drained its requests by now)."""
        with self._lock:
            threads, self._threads, self._idle = self._threads, [], 0
        for _ in threads:
            self._jobs.put(None)
        for thread in threads:
            thread.join()

    def _start_thread(self) -> None:
        """Under the lock. The new thread takes the job that started it."""
        thread = threading.Thread(target=self._work, name=f"{self._name}-{len(self._threads)}", daemon=True)
        self._threads.append(thread)
        thread.start()

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            function, argument, future, loop = job
            try:
                outcome = (function(argument), None)
            except BaseException as error:  # handed to the awaiting task, which decides
                outcome = (None, error)
            try:
                loop.call_soon_threadsafe(_settle, future, *outcome)
            except RuntimeError:  # that loop is closed: nobody is waiting any more
                pass
            with self._lock:
                self._idle += 1


def _settle(future: asyncio.Future, result: Any, error: BaseException | None) -> None:
    if future.cancelled():  # the request's task was cancelled (the client went away)
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
