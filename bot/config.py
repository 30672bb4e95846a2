"""Settings from the environment (and `.env`), validated once at start-up.

Nothing here runs at import time: callers build `Settings()` when they start.
"""
from __future__ import annotations

from typing import Annotated

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.qms.workspaces import WorkspaceSettings
from bot.qms.workspaces.rules import (
    DigestSchedule,
    check_channel,
    check_scale,
    check_timezone,
    parse_schedule,
    parse_user_ids,
    parse_working_days,
)

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
AUDIT_KEY_MIN = 16


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line for the operator."""


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
    # HMAC key of the audit chain's links; kept outside the database (like the signing secret).
    trellis_audit_key: str | None = None
    trellis_working_days: str = "mon-fri"
    trellis_knowledge_channel: str | None = None
    trellis_kb_review_days: int = Field(default=180, ge=7, le=730)
    trellis_feedback_scale: str = "csat"
    trellis_response_target_hours: float = Field(default=4.0, ge=0.5, le=200)

    _check_managers = field_validator("trellis_managers", mode="before")(parse_user_ids)
    _check_tz = field_validator("trellis_timezone")(check_timezone)
    _check_channels = field_validator("trellis_quality_channel", "trellis_digest_channel",
                                      "trellis_knowledge_channel")(check_channel)
    _check_working_days = field_validator("trellis_working_days")(parse_working_days)
    _check_scale = field_validator("trellis_feedback_scale")(lambda value: check_scale(value) or "csat")

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

    @field_validator("trellis_audit_key")
    @classmethod
    def _check_audit_key(cls, value: str | None) -> str | None:
        if value is not None and len(value.strip()) < AUDIT_KEY_MIN:
            raise ValueError(f"use at least {AUDIT_KEY_MIN} characters (e.g. the output of `openssl rand -hex 32`)")
        return value.strip() if value is not None else None

    @property
    def audit_key(self) -> bytes | None:
        return self.trellis_audit_key.encode() if self.trellis_audit_key else None

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
    "slack_app_token": ("an app-level token (xapp-...) with connections:write under "
                        "Basic Information > App-Level Tokens"),
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


def workspace_defaults(settings: Settings) -> WorkspaceSettings:
    """What every workspace runs with until a manager changes it in `/qms settings`."""
    return WorkspaceSettings(
        quality_channel=settings.trellis_quality_channel, digest_channel=settings.trellis_digest_channel,
        managers=tuple(settings.trellis_managers), timezone=settings.trellis_timezone,
        digest_schedule=settings.trellis_digest_schedule, stale_days=settings.trellis_stale_days,
        working_days=settings.trellis_working_days,
        knowledge_channel=settings.trellis_knowledge_channel, kb_review_days=settings.trellis_kb_review_days,
        feedback_scale=settings.trellis_feedback_scale, response_target_hours=settings.trellis_response_target_hours,
    )
