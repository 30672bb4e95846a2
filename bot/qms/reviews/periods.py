"""Digest periods: a digest at its weekly local time covers the week that ended then.

Times are computed in the workspace's timezone, so "mon 09:00" stays 09:00 local across daylight-saving
changes (that week is 167 or 169 hours long). A period is named by its end.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.qms.inputs import Period
from bot.qms.workspaces.rules import WEEKDAYS, parse_schedule

TREND_PERIODS = 4


def _local_at(day, schedule, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, schedule.at, tzinfo=zone).astimezone(UTC)


def fire_at_or_before(schedule_text: str, timezone: str, moment: datetime) -> datetime:
    """The latest time the digest was due at or before `moment` (UTC)."""
    schedule, zone = parse_schedule(schedule_text), ZoneInfo(timezone)
    local = moment.astimezone(zone)
    day = local.date() - timedelta(days=(local.weekday() - WEEKDAYS.index(schedule.weekday)) % 7)
    fired = _local_at(day, schedule, zone)
    return fired if fired <= moment else _local_at(day - timedelta(days=7), schedule, zone)


def due_times(schedule_text: str, timezone: str, end: datetime, count: int) -> list[datetime]:
    """`end` and the `count` due times before it, newest first (each one local week earlier)."""
    schedule, zone = parse_schedule(schedule_text), ZoneInfo(timezone)
    day = end.astimezone(zone).date()
    return [end] + [_local_at(day - timedelta(days=7 * weeks), schedule, zone) for weeks in range(1, count + 1)]


def period_ending(schedule_text: str, timezone: str, end: datetime) -> Period:
    """The week that ends at the due time `end`, with the four weeks before it (for trends)."""
    ends = due_times(schedule_text, timezone, end, TREND_PERIODS + 1)
    return Period(ends[1], ends[0], tuple((ends[index + 1], ends[index]) for index in range(1, TREND_PERIODS + 1)))


def period_so_far(schedule_text: str, timezone: str, now: datetime) -> Period:
    """This period until `now` (what `/qms digest` previews): since the last due time."""
    start = fire_at_or_before(schedule_text, timezone, now)
    before = period_ending(schedule_text, timezone, start)
    return Period(start, now, ((before.start, before.end), *before.previous[:TREND_PERIODS - 1]))


def local_day(moment: datetime, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).date().isoformat()
