"""Working days and hours, in the timezone of whoever is reminded."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.qms.workspaces.rules import WORKDAY_CLOSES as DAY_ENDS
from bot.qms.workspaces.rules import WORKDAY_OPENS as DAY_STARTS
from bot.qms.workspaces.rules import working_weekdays


def zone(name: str | None, fallback: str = "UTC") -> ZoneInfo:
    """A person's timezone as Slack gave it; the workspace's when unknown or not one Python knows."""
    for candidate in (name, fallback, "UTC"):
        try:
            return ZoneInfo(candidate) if candidate else ZoneInfo(fallback)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("UTC")


class Calendar:
    """The workspace's working days (`mon-fri`), as weekday numbers."""

    def __init__(self, working_days: str):
        self.days = working_weekdays(working_days)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.days

    def in_hours(self, local: datetime) -> bool:
        """On a working day between 09:00 and 17:30, local time."""
        return self.is_working_day(local.date()) and DAY_STARTS <= local.time() < DAY_ENDS

    def after_working_days(self, start: datetime, count: int, tz: ZoneInfo) -> datetime:
        """The moment `count` working days have passed since `start` (same local time of day)."""
        local = start.astimezone(tz)
        day = _working_days_after(local.date(), count, self.days)
        return datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=tz).astimezone(UTC)

    def next_working_day(self, day: date) -> date:
        for step in range(1, 8):
            if self.is_working_day(day + timedelta(days=step)):
                return day + timedelta(days=step)
        return day + timedelta(days=1)


@lru_cache(maxsize=4096)  # a sweep asks about the same few days for thousands of requests
def _working_days_after(day: date, count: int, days: frozenset[int]) -> date:
    passed = 0
    while passed < count and days:
        day += timedelta(days=1)
        passed += day.weekday() in days
    return day


@lru_cache(maxsize=4096)  # a sweep asks about the same few days thousands of times
def start_of(day: date, tz: ZoneInfo) -> datetime:
    """Local midnight at the start of `day`, in UTC."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def day_after_due(due: date, tz: ZoneInfo) -> datetime:
    """A due date is a day in the company's timezone: past due from the midnight after it."""
    return start_of(due + timedelta(days=1), tz)
