"""`<!date^…>`: a moment shown in the reader's own timezone, with Slack's tokens."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.sandbox.render.viewer import Viewer


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _time(moment: datetime, seconds: bool = False) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment:%M}{':' + format(moment, '%S') if seconds else ''} {'AM' if moment.hour < 12 else 'PM'}"


def ago(moment: datetime, now: datetime) -> str:
    seconds = (now - moment).total_seconds()
    future, seconds = seconds < 0, abs(seconds)
    for unit, size in (("year", 365 * 86400), ("month", 30 * 86400), ("week", 7 * 86400), ("day", 86400),
                       ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = int(seconds // size)
            words = f"{count} {unit}{'s' if count != 1 else ''}"
            return f"in {words}" if future else f"{words} ago"
    return "just now"


def _pretty(moment: datetime, now: datetime, plain: str) -> str:
    days = (moment.date() - now.date()).days
    return {0: "today", -1: "yesterday", 1: "tomorrow"}.get(days, plain)


def format_date(timestamp: str, tokens: str, fallback: str, viewer: Viewer) -> str:
    """Slack's date tokens in the viewer's timezone; the fallback when the timestamp is not a number."""
    try:
        zone = ZoneInfo(viewer.timezone)
        moment = datetime.fromtimestamp(float(timestamp), UTC).astimezone(zone)
    except (ValueError, OverflowError, OSError, KeyError):
        return fallback
    now = viewer.now.astimezone(zone)
    plain = f"{moment:%B} {_ordinal(moment.day)}, {moment.year}"
    short = f"{moment:%b} {moment.day}, {moment.year}"
    long = f"{moment:%A}, {plain}"
    values = {
        "date_num": f"{moment:%Y-%m-%d}", "date": plain, "date_short": short, "date_long": long,
        "date_pretty": _pretty(moment, now, plain), "date_short_pretty": _pretty(moment, now, short),
        "date_long_pretty": _pretty(moment, now, long), "time": _time(moment), "time_secs": _time(moment, True),
        "ago": ago(moment, now),
    }
    out = tokens
    for name, value in values.items():
        out = out.replace("{" + name + "}", value)
    return out


def message_time(ts: str, viewer: Viewer) -> str:
    """A message's time as the page lists it: the time, with the day when it is not today."""
    try:
        zone = ZoneInfo(viewer.timezone)
        moment = datetime.fromtimestamp(float(ts), UTC).astimezone(zone)
    except (ValueError, OverflowError, OSError, KeyError):
        return ""
    now = viewer.now.astimezone(zone)
    if moment.date() == now.date():
        return _time(moment)
    if now - moment < timedelta(days=6) and moment < now:
        return f"{moment:%a} {_time(moment)}"
    return f"{moment:%b} {moment.day}, {_time(moment)}"
