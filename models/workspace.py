"""A Slack workspace (team) and the settings it overrides."""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.types import json_column, utcnow


class Workspace(SQLModel, table=True):
    __tablename__ = "workspace"

    team_id: str = Field(primary_key=True, max_length=32)
    name: str | None = Field(default=None, max_length=200)
    # Each override is None while the workspace follows the environment default.
    quality_channel: str | None = Field(default=None, max_length=32)
    digest_channel: str | None = Field(default=None, max_length=32)
    managers: list[str] | None = Field(default=None, sa_column=json_column())
    timezone: str | None = Field(default=None, max_length=64)
    digest_schedule: str | None = Field(default=None, max_length=32)
    stale_days: int | None = None
    processes: list[str] | None = Field(default=None, sa_column=json_column())
    allow_any_approver: bool = False
    knowledge_channel: str | None = Field(default=None, max_length=32)  # where KB cards go (default: quality)
    kb_review_days: int | None = None  # how long an entry stays true before its owner is asked
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    working_days: str | None = Field(default=None, max_length=32)  # "mon-fri": when reminders are sent
    feedback_scale: str | None = Field(default=None, max_length=8)  # csat | nps
    customer_channels: list[str] | None = Field(default=None, sa_column=json_column())
    customer_channel_owners: dict[str, str] | None = Field(default=None, sa_column=json_column())  # channel -> user
    response_target_hours: float | None = None  # working hours a customer message may wait for a reply
