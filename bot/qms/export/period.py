"""The days a workbook covers, as people type them: "2026-01-01" to "2026-03-31", both included (UTC)."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta


class BadPeriod(ValueError):
    """Why the typed period is not one, in words for the person who typed it."""


def period(since: str | None, until: str | None, *, since_name: str = "since",
           until_name: str = "until") -> tuple[datetime | None, datetime | None]:
    """[start, end) in UTC from two optional days; the end day is included."""
    start, end = _day(since, since_name), _day(until, until_name)
    if start and end and start > end:
        raise BadPeriod(f"{since_name} {since} is after {until_name} {until}")
    return _midnight(start), _midnight(end + timedelta(days=1)) if end else None


def _day(text: str | None, name: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadPeriod(f"{name} {text!r} is not a date (use YYYY-MM-DD)") from None


def _midnight(day: date | None) -> datetime | None:
    return datetime.combine(day, time(), tzinfo=UTC) if day else None
