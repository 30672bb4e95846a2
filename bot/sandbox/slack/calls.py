"""Every request the fake Slack answered is a Call; tests read them and wait for them."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.sandbox.slack.replies import Reply


@dataclass(frozen=True)
class Call:
    method: str
    args: dict
    status: int
    response: dict | None
    at: float
    token: str | None

    @property
    def ok(self) -> bool:
        return bool(self.response and self.response.get("ok"))

    @property
    def error(self) -> str | None:
        if self.response:
            return self.response.get("error")
        return f"HTTP {self.status}"


class CallLog:
    """The recorded calls, guarded by the fake's condition (the HTTP threads append, tests wait)."""

    calls: list[Call]
    _cond: threading.Condition
    _changed: Callable[[], None]

    def calls_to(self, method: str) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def ok_calls(self, method: str) -> list[Call]:
        return [c for c in self.calls_to(method) if c.ok]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        with self._cond:
            if self._cond.wait_for(lambda: len(self.ok_calls(method)) >= count, timeout):
                return self.ok_calls(method)
            seen = "\n  ".join(f"{c.method} -> {c.status} {'ok' if c.ok else c.error}" for c in self.calls)
        raise AssertionError(f"expected {count} ok call(s) to {method} within {timeout}s; calls seen:\n  {seen}")

    def clear_calls(self) -> None:
        """Forget recorded calls only (mid-test: "what happens from here on")."""
        with self._cond:
            self.calls.clear()

    def _record(self, method: str, args: dict, reply: Reply, token: str | None) -> Reply:
        body = reply.body if isinstance(reply.body, dict) else None
        with self._cond:
            self.calls.append(Call(method, args, reply.status, body, time.monotonic(), token))
            self._cond.notify_all()
            self._changed()
        return reply
