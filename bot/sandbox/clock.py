"""The sandbox's clock: real time plus an offset a person moves forward from the page. The app,
the outbox, the directory and the jobs all read it, so reminders and the digest can be watched."""
from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from models.types import utcnow


class SandboxClock:
    def __init__(self, offset: timedelta = timedelta(0)):
        self._offset = offset
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return utcnow() + self._offset

    def timestamp(self) -> float:
        """Epoch seconds: when the fake Slack says a message was posted."""
        return self().timestamp()

    @property
    def offset(self) -> timedelta:
        with self._lock:
            return self._offset

    def advance(self, by: timedelta) -> tuple[datetime, datetime]:
        """Move forward (never back): (before, after)."""
        if by < timedelta(0):
            raise ValueError("the sandbox's clock only moves forward")
        with self._lock:
            before = utcnow() + self._offset
            self._offset += by
            return before, before + by

    def advance_to(self, moment: datetime) -> tuple[datetime, datetime]:
        return self.advance(max(timedelta(0), moment - self()))


def next_weekday_at(now: datetime, timezone: str, *, weekday: int = 0, hour: int = 9) -> datetime:
    """The next `weekday` (0 = Monday) at `hour`:00 in `timezone`, strictly after `now`."""
    local = now.astimezone(ZoneInfo(timezone))
    target = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    target += timedelta(days=(weekday - local.weekday()) % 7)
    if target <= local:
        target += timedelta(days=7)
    return target.astimezone(UTC)
