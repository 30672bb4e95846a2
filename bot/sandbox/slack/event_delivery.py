"""Slack's Events API delivery: an event is acked with a 2xx within 3 s, or it is retried —
nearly immediately, after about a minute, after about five — with `X-Slack-Retry-Num` and
`X-Slack-Retry-Reason`, and dropped after the third failed retry.

Slack does not wait for a late answer: at 3 s it counts `http_timeout` and moves on, while
the app may still be working on the first attempt (its answer is recorded when it comes).
A non-2xx answer carrying `X-Slack-No-Retry: 1` is not retried. Deliveries run on one
worker thread, in order; the waits are a parameter so tests can scale them down.
"""
from __future__ import annotations

import heapq
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count

from bot.sandbox.slack.targets import Answer, Unreachable

SLACK_RETRY_WAITS = (0.0, 60.0, 300.0)  # before retry 1, 2 and 3
ACK_SECONDS = 3.0

# send(body, retry_num, retry_reason) -> the app's answer; raises Unreachable
Send = Callable[[str, int, "str | None"], Answer]


@dataclass
class Attempt:
    retry_num: int                 # 0: the first delivery
    reason: str | None             # the X-Slack-Retry-Reason it carried
    status: int | None = None      # the app's HTTP status, once it answered
    failure: str | None = None     # why Slack counts it failed: http_timeout, http_error, connection_failed


@dataclass
class EventDelivery:
    event_id: str
    event: dict
    body: str
    attempts: list[Attempt] = field(default_factory=list)
    outcome: str = "pending"       # delivered | dropped
    done: threading.Event = field(default_factory=threading.Event, repr=False)


class EventDeliveries:
    def __init__(self, send: Send, *, ack_timeout: float = ACK_SECONDS,
                 retry_waits: tuple[float, ...] = SLACK_RETRY_WAITS):
        self._send, self.ack_timeout, self.retry_waits = send, ack_timeout, tuple(retry_waits)
        self.deliveries: list[EventDelivery] = []
        self._cond = threading.Condition()
        self._due: list[tuple[float, int, EventDelivery]] = []
        self._order = count()
        self._running = 0          # attempts whose answer has not come yet (late ones included)
        self._worker: threading.Thread | None = None
        self._closed = False

    @property
    def dropped(self) -> list[EventDelivery]:
        with self._cond:
            return [d for d in self.deliveries if d.outcome == "dropped"]

    def emit(self, event_id: str, event: dict, body: str) -> EventDelivery:
        """Queue an event for delivery (returns at once)."""
        delivery = EventDelivery(event_id, event, body)
        with self._cond:
            if self._closed:
                raise RuntimeError("event delivery is closed")
            self.deliveries.append(delivery)
            self._schedule(delivery, 0.0)
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="SlackEvents", daemon=True)
                self._worker.start()
        return delivery

    def settle(self, timeout: float = 10.0) -> bool:
        """Wait until every event is delivered or dropped and every late answer is in."""
        with self._cond:
            return self._cond.wait_for(
                lambda: self._running == 0 and all(d.outcome != "pending" for d in self.deliveries), timeout)

    def close(self, timeout: float = 5.0) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
            self._cond.wait_for(lambda: self._running == 0, timeout)
        if self._worker is not None:
            self._worker.join(timeout)

    # --- the worker -----------------------------------------------------------------------
    def _schedule(self, delivery: EventDelivery, wait: float) -> None:
        heapq.heappush(self._due, (time.monotonic() + wait, next(self._order), delivery))
        self._cond.notify_all()

    def _work(self) -> None:
        while True:
            with self._cond:
                while True:
                    if self._closed:
                        return
                    now = time.monotonic()
                    if self._due and self._due[0][0] <= now:
                        delivery = heapq.heappop(self._due)[2]
                        break
                    self._cond.wait(self._due[0][0] - now if self._due else None)
            self._attempt(delivery)

    def _attempt(self, delivery: EventDelivery) -> None:
        previous = delivery.attempts[-1] if delivery.attempts else None
        attempt = Attempt(len(delivery.attempts), previous.failure if previous else None)
        answered = threading.Event()
        outcome: dict = {}

        def call() -> None:
            try:
                outcome["answer"] = self._send(delivery.body, attempt.retry_num, attempt.reason)
            except Unreachable:
                outcome["unreachable"] = True
            finally:
                with self._cond:
                    attempt.status = outcome["answer"].status_code if "answer" in outcome else None
                    self._running -= 1
                    answered.set()
                    self._cond.notify_all()

        with self._cond:
            delivery.attempts.append(attempt)
            self._running += 1
        threading.Thread(target=call, name=f"SlackEvent-{delivery.event_id}", daemon=True).start()
        in_time = answered.wait(self.ack_timeout)
        with self._cond:
            answer = outcome.get("answer")
            if not in_time:
                attempt.failure = "http_timeout"
            elif answer is None:
                attempt.failure = "connection_failed"
            elif not 200 <= answer.status_code < 300:
                attempt.failure = "http_error"
            self._settle_attempt(delivery, attempt, no_retry=bool(answer and
                                                                  answer.headers.get("x-slack-no-retry") == "1"))

    def _settle_attempt(self, delivery: EventDelivery, attempt: Attempt, *, no_retry: bool) -> None:
        if attempt.failure is None:
            delivery.outcome = "delivered"
        elif attempt.retry_num < len(self.retry_waits) and not no_retry:
            self._schedule(delivery, self.retry_waits[attempt.retry_num])
            return
        else:
            delivery.outcome = "dropped"
        delivery.done.set()
        self._cond.notify_all()
