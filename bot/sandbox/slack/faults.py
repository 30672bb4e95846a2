"""Injected trouble, per method: failures (an `ok: false`, a 429 with Retry-After, a 5xx) and
latency. The two compose: a slowed method answers its injected failure late too."""
from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from http import HTTPStatus

from bot.sandbox.slack.replies import Reply


@dataclass
class _Failure:
    reply: Reply
    times: int  # -1 = until clear_failures()


@dataclass
class _Delay:
    seconds: float
    times: int  # -1 = until clear_failures()


class Faults:
    """Scripted failures and delays keyed by method name ("chat.postMessage", "response_url", ...)."""

    _cond: threading.Condition

    def _fresh_faults(self) -> None:
        self._failures: dict[str, list[_Failure]] = defaultdict(list)
        self._delays: dict[str, _Delay] = {}

    def fail(self, method: str, *, status: int = 200, error: str | None = None, retry_after: int | None = None,
             times: int = 1) -> None:
        """The next `times` calls of `method` fail (-1: until clear_failures()); queued failures run in order."""
        if retry_after is None and status == 429:
            retry_after = 1  # slack-sdk's rate-limit handler needs the header to know how long to wait
        headers = (("Retry-After", str(retry_after)),) if retry_after is not None else ()
        if status in (200, 429):
            body: dict | str = {"ok": False, "error": error or ("ratelimited" if status == 429 else "internal_error")}
        else:  # Slack's edge answers 5xx with a plain (non-JSON) body
            body = error or HTTPStatus(status).phrase
        with self._cond:
            self._failures[method].append(_Failure(Reply(status, body, headers), times))

    def slow(self, method: str, seconds: float, *, times: int = -1) -> None:
        """Answer `method` `seconds` late, after its effect (a post is posted, then answered late);
        `times` calls, or until clear_failures() when -1."""
        with self._cond:
            self._delays[method] = _Delay(seconds, times)

    def clear_failures(self) -> None:
        """Forget injected failures and delays (not recorded calls or workspace state)."""
        with self._cond:
            self._fresh_faults()

    def _take_failure(self, method: str) -> Reply | None:
        queue = self._failures.get(method)
        if not queue:
            return None
        failure = queue[0]
        if failure.times > 0:
            failure.times -= 1
            if failure.times == 0:
                queue.pop(0)
        return failure.reply

    def _take_delay(self, method: str) -> float:
        delay = self._delays.get(method)
        if delay is None:
            return 0.0
        if delay.times > 0:
            delay.times -= 1
            if delay.times == 0:
                del self._delays[method]
        return delay.seconds
