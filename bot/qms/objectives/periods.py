"""Objective periods: calendar months or quarters in the workspace's timezone, as UTC [start, end)."""
from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

MONTH, QUARTER = "month", "quarter"
KINDS = {MONTH: "Monthly", QUARTER: "Quarterly"}
HISTORY = 4  # previous periods shown as the trend


def _first_day(kind: str, day: date) -> date:
    month = day.month if kind == MONTH else (day.month - 1) // 3 * 3 + 1
    return date(day.year, month, 1)


def _shift(first: date, kind: str, steps: int) -> date:
    months = first.year * 12 + first.month - 1 + steps * (1 if kind == MONTH else 3)
    return date(months // 12, months % 12 + 1, 1)


def _utc(day: date, timezone: str) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def periods(kind: str, moment: datetime, timezone: str,
            history: int = HISTORY) -> list[tuple[date, datetime, datetime]]:
    """(first day, start, end) of the period holding `moment`, then the `history` before it, newest first."""
    first = _first_day(kind, moment.astimezone(ZoneInfo(timezone)).date())
    found = []
    for back in range(history + 1):
        start_day = _shift(first, kind, -back)
        found.append((start_day, _utc(start_day, timezone), _utc(_shift(start_day, kind, 1), timezone)))
    return found


def month_start(first_day: date, timezone: str, later: int = 0) -> datetime:
    """When the month of `first_day` (or the one `later` months after it) starts, in UTC."""
    return _utc(_shift(first_day, MONTH, later), timezone)


def months_of(start: datetime, end: datetime, timezone: str) -> list[date]:
    """The first days of the months in [start, end) (a period's months)."""
    zone = ZoneInfo(timezone)
    first, last = start.astimezone(zone).date().replace(day=1), end.astimezone(zone).date()
    found = []
    while first < last:
        found.append(first)
        first = _shift(first, MONTH, 1)
    return found


def label(kind: str, first_day: date) -> str:
    return first_day.strftime("%b %Y") if kind == MONTH else f"Q{(first_day.month - 1) // 3 + 1} {first_day.year}"
