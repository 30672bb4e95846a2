"""Working time: the hours between two moments that fall on the workspace's working days, 09:00–17:30 in
its timezone. Working days follow the workspace's `working_days` setting where the scheduler feature
provides one, else TRELLIS_WORKING_DAYS (default mon-fri).

Working time is counted from a fixed Monday, in closed form (no loop over days), so the moment a target
was passed is one subtraction and "unanswered past target" one comparison in SQL.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.qms.workspaces.rules import WORKDAY_CLOSES, WORKDAY_OPENS, working_weekdays

OPENS, CLOSES = WORKDAY_OPENS, WORKDAY_CLOSES
ANCHOR = date(2000, 1, 3)  # a Monday


def parse_days(text: str | None) -> frozenset[int]:
    """'mon-fri', 'mon,wed,fri', 'sun-thu' -> weekday numbers (Monday 0); unreadable text: Monday to Friday."""
    try:
        return working_weekdays(text or "mon-fri") or frozenset(range(5))
    except ValueError:
        return frozenset(range(5))


def _seconds(moment: time) -> float:
    return moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6


@dataclass(frozen=True)
class Calendar:
    timezone: str = "UTC"
    days: frozenset[int] = frozenset(range(5))
    opens: time = OPENS
    closes: time = CLOSES

    @property
    def day_length(self) -> float:
        return _seconds(self.closes) - _seconds(self.opens)

    def seconds_between(self, start: datetime, end: datetime) -> int:
        """Working seconds from `start` to `end` (0 when end is not later)."""
        return max(0, round(self._elapsed(end) - self._elapsed(start)))

    def back_from(self, moment: datetime, seconds: float) -> datetime:
        """The latest moment that lies `seconds` of working time before `moment`: anything posted before it
        has waited longer than that by `moment`."""
        target = self._elapsed(moment) - seconds
        whole, rest = divmod(target, self.day_length)
        if rest == 0 and whole > 0:  # exactly at a day's end: the close of the day before
            return self._at(self._working_day(int(whole) - 1), self.closes)
        start = self._at(self._working_day(int(whole)), self.opens)
        return start + timedelta(seconds=rest)

    def _elapsed(self, moment: datetime) -> float:
        """Working seconds from the anchor Monday to `moment`."""
        local = moment.astimezone(ZoneInfo(self.timezone))
        day = local.date()
        weeks, rest = divmod((day - ANCHOR).days, 7)
        before = weeks * len(self.days) + sum(1 for weekday in range(rest) if weekday in self.days)
        today = 0.0
        if day.weekday() in self.days:
            today = min(max(_seconds(local.time()), _seconds(self.opens)), _seconds(self.closes)) - _seconds(self.opens)
        return before * self.day_length + today

    def _working_day(self, index: int) -> date:
        """The index-th working day from the anchor (0: the first)."""
        weeks, nth = divmod(index, len(self.days))
        return ANCHOR + timedelta(days=weeks * 7 + sorted(self.days)[nth])

    def _at(self, day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, ZoneInfo(self.timezone)).astimezone(UTC)


def calendar_of(settings) -> Calendar:
    """The workspace's calendar: its timezone, and its working days where that setting exists."""
    days = getattr(settings, "working_days", None) or os.environ.get("TRELLIS_WORKING_DAYS") or "mon-fri"
    days = ",".join(days) if isinstance(days, (list, tuple)) else days
    return Calendar(timezone=settings.timezone, days=parse_days(days))


def moment_of(ts: str) -> datetime:
    """A Slack message ts ('1733050000.123456') as the UTC moment it was posted."""
    return datetime.fromtimestamp(float(ts), UTC)
