"""Settings from the environment (and `.env`), validated once at start-up.

Nothing here runs at import time: callers build `Settings()` when they start.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from typing_extensions import Annotated

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SCHEDULE = re.compile(r"^\s*(mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+([01]?\d|2[0-3]):([0-5]\d)\s*$", re.I)
_USER_ID = re.compile(r"^[UW][A-Z0-9_]{1,20}$")
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9_]{1,20}$")


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line for the operator."""


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
    bad = [item for item in ids if not _USER_ID.match(item)]
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


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = "https://slack.com/api/"
    database_url: str = "sqlite:///trellis.db"
    trellis_quality_channel: str | None = None
    trellis_digest_channel: str | None = None
    trellis_managers: Annotated[list[str], NoDecode] = Field(default_factory=list)
    trellis_timezone: str = "UTC"
    trellis_digest_schedule: str = "mon 09:00"
    trellis_stale_days: int = Field(default=14, ge=1, le=365)
    trellis_log_level: str = "INFO"

    _check_managers = field_validator("trellis_managers", mode="before")(parse_user_ids)
    _check_tz = field_validator("trellis_timezone")(check_timezone)
    _check_channels = field_validator("trellis_quality_channel", "trellis_digest_channel")(check_channel)

    @field_validator("trellis_digest_schedule")
    @classmethod
    def _check_schedule(cls, value: str) -> str:
        return str(parse_schedule(value))

    @field_validator("slack_api_url")
    @classmethod
    def _check_api_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError(f"expected an http(s) URL such as https://slack.com/api/, got {value!r}")
        return value if value.endswith("/") else value + "/"

    @field_validator("trellis_log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"expected one of {', '.join(LOG_LEVELS)}, got {value!r}")
        return level

    @property
    def digest_schedule(self) -> DigestSchedule:
        return parse_schedule(self.trellis_digest_schedule)


def load_settings(**overrides) -> Settings:
    """Build settings or raise ConfigError naming the first bad variable."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first.get("loc") else "settings"
        message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
        raise ConfigError(f"{name}: {message}") from None


# Where each secret is found in the Slack app's settings (api.slack.com/apps).
TOKEN_HINTS = {
    "slack_bot_token": "the Bot User OAuth Token (xoxb-...) under OAuth & Permissions",
    "slack_signing_secret": "the Signing Secret under Basic Information > App Credentials",
    "slack_app_token": "an app-level token (xapp-...) with connections:write under Basic Information > App-Level Tokens",
}


def require(settings: Settings, *names: str) -> None:
    """Raise ConfigError for the first missing token, with where to find it."""
    prefixes = {"slack_bot_token": "xoxb-", "slack_app_token": "xapp-"}
    for name in names:
        value = getattr(settings, name)
        if not value:
            raise ConfigError(f"{name.upper()} is not set: copy {TOKEN_HINTS[name]} of your Slack app")
        prefix = prefixes.get(name)
        if prefix and not value.startswith(prefix):
            raise ConfigError(f"{name.upper()} should start with {prefix}: use {TOKEN_HINTS[name]}")
