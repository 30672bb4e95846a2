"""What valid settings are: the same checks for the environment and for `/qms settings`."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.qms.directory import is_user_id

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKDAY_OPENS, WORKDAY_CLOSES = time(9, 0), time(17, 30)  # the working hours of reminders and response times
MAX_PROCESSES = 100
PROCESS_MAX = 75
_SCHEDULE = re.compile(r"^\s*(mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+([01]?\d|2[0-3]):([0-5]\d)\s*$", re.I)
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9_]{1,20}$")


@dataclass(frozen=True)
class DigestSchedule:
    weekday: str  # mon..sun
    at: time

    def __str__(self) -> str:
        return f"{self.weekday} {self.at.strftime('%H:%M')}"


def parse_schedule(value: str) -> DigestSchedule:
    match = _SCHEDULE.match(value or "")
    if not match:
        raise ValueError(f"expected '<weekday> HH:MM' such as 'mon 09:00', got {value!r}")
    day, hour, minute = match.groups()
    return DigestSchedule(day.lower()[:3], time(int(hour), int(minute)))


def parse_user_ids(value: str | list[str] | None) -> list[str]:
    items = value if isinstance(value, list) else (value or "").split(",")
    ids = [item.strip() for item in items if item and item.strip()]
    bad = [item for item in ids if not is_user_id(item)]
    if bad:
        raise ValueError(f"not Slack user ids (like U012ABCDEF): {', '.join(bad)}")
    return list(dict.fromkeys(ids))


def check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone {value!r} (use an IANA name such as Europe/London)") from None
    return value


def check_channel(value: str | None) -> str | None:
    value = (value or "").strip() or None
    if value and not _CHANNEL_ID.match(value):
        raise ValueError(f"not a Slack channel id (like C012ABCDEF): {value!r}")
    return value


def parse_days(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 365:
        raise ValueError("a whole number of days from 1 to 365")
    return int(text)


def working_weekdays(value: str) -> frozenset[int]:
    """"mon-fri", "sun-thu", "mon,wed,fri" or a mix ("mon-wed,fri") -> weekday numbers (Monday 0)."""
    days: set[int] = set()
    for part in (value or "").lower().replace(" ", "").split(","):
        first, dash, last = part.partition("-")
        if first[:3] not in WEEKDAYS or (dash and last[:3] not in WEEKDAYS):
            raise ValueError(f"expected weekdays such as 'mon-fri' or 'mon,tue,thu', got {value!r}")
        start = WEEKDAYS.index(first[:3])
        span = (WEEKDAYS.index(last[:3]) - start) % 7 if last else 0
        days.update((start + step) % 7 for step in range(span + 1))
    return frozenset(days)


def parse_working_days(value: str) -> str:
    """The working days as stored and shown: "mon-fri", "sun-thu", "mon,wed,fri"."""
    days = working_weekdays(value)
    if len(days) == 7:
        return "mon-sun"
    # Runs of consecutive days, starting after a day off so that "sun-thu" stays one run.
    start = next(day for day in range(7) if (day - 1) % 7 not in days and day in days)
    runs, run = [], []
    for step in range(7):
        day = (start + step) % 7
        if day in days:
            run.append(day)
        elif run:
            runs.append(run)
            run = []
    runs += [run] if run else []
    return ",".join(WEEKDAYS[r[0]] if len(r) == 1 else f"{WEEKDAYS[r[0]]}-{WEEKDAYS[r[-1]]}" for r in runs)


def parse_review_days(text: str) -> int | None:
    """Empty: follow the default (TRELLIS_KB_REVIEW_DAYS)."""
    if not text:
        return None
    if not text.isdigit() or not 7 <= int(text) <= 730:
        raise ValueError("a whole number of days from 7 to 730")
    return int(text)


def parse_processes(text: str) -> list[str]:
    names = list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))
    if not names:
        raise ValueError("name at least one process")
    if len(names) > MAX_PROCESSES or any(len(name) > PROCESS_MAX for name in names):
        raise ValueError(f"at most {MAX_PROCESSES} processes of at most {PROCESS_MAX} characters each")
    return names


@dataclass(frozen=True)
class SettingsDraft:
    """`/qms settings` as submitted: chosen ids as they are, typed values as text."""

    quality_channel: str | None = None
    digest_channel: str | None = None
    managers: tuple[str, ...] = ()
    timezone: str = ""
    digest_schedule: str = ""
    stale_days: str = ""
    processes: str = ""
    allow_any_approver: bool = False
    working_days: str = ""
    knowledge_channel: str | None = None
    kb_review_days: str = ""
    feedback_scale: str | None = None
    customer_channels: tuple[str, ...] = ()
    customer_channel_owners: tuple[tuple[str, str], ...] = ()  # (channel, owner) as chosen in the modal
    response_target_hours: str = ""


SCALES = ("csat", "nps")


def check_scale(value: str | None) -> str | None:
    if value and value not in SCALES:
        raise ValueError(f"expected one of {', '.join(SCALES)}, got {value!r}")
    return value or None


def parse_channel_ids(value: list[str] | None) -> list[str] | None:
    """Chosen channels; none chosen: back to the default (no customer channels)."""
    return [check_channel(item) for item in dict.fromkeys(value or ())] or None


def parse_owners(value: list | None) -> dict[str, str] | None:
    owners = {check_channel(channel): parse_user_ids([user])[0] for channel, user in value or () if user}
    return owners or None


def parse_hours(text: str | float | None) -> float | None:
    """Working hours from 0.5 to 200; empty: back to the default."""
    text = str(text or "").strip()
    if not text:
        return None
    try:
        hours = float(text.replace(",", "."))
    except ValueError:
        raise ValueError("a number of working hours, such as 4 or 1.5") from None
    if not 0.5 <= hours <= 200:
        raise ValueError("between 0.5 and 200 working hours")
    return hours


PARSERS = {"quality_channel": check_channel, "digest_channel": check_channel, "managers": parse_user_ids,
           "timezone": check_timezone, "digest_schedule": lambda text: str(parse_schedule(text)),
           "stale_days": parse_days, "processes": parse_processes, "allow_any_approver": bool,
           "working_days": lambda text: parse_working_days(text) if text.strip() else None,  # empty: the default
           "knowledge_channel": check_channel, "kb_review_days": parse_review_days,

           "feedback_scale": check_scale, "customer_channels": parse_channel_ids,
           "customer_channel_owners": parse_owners, "response_target_hours": parse_hours}


def check(draft: SettingsDraft) -> tuple[dict, dict[str, str]]:
    """(changes, problems): the values to store, and what is wrong by field."""
    changes, problems = {}, {}
    for name, parse in PARSERS.items():
        value = getattr(draft, name)
        try:
            changes[name] = parse(list(value) if isinstance(value, tuple) else value)
        except ValueError as exc:
            problems[name] = str(exc)[:150]
    return changes, problems
