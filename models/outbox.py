"""Slack messages waiting to be sent, where sent messages live, and inbound dedup keys."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from models.types import json_column, utcnow


class OutboxMessage(SQLModel, table=True):
    """One Web API call, stored in the same transaction as the change it reports.

    Rows with the same (team_id, key) are delivered in id order. `target` names a
    saved message whose channel and ts fill `channel` and `target_field` ("ts" for
    chat.update, "thread_ts" for a thread reply) just before sending; `save_as`
    stores where the sent message landed under that name.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (
        Index("ix_outbox_due", "status", "next_attempt_at"),
        Index("ix_outbox_key", "team_id", "key", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    key: str = Field(max_length=64)
    method: str = Field(max_length=64)
    args: dict[str, Any] = Field(sa_column=json_column(nullable=False))
    save_as: str | None = Field(default=None, max_length=128)
    target: str | None = Field(default=None, max_length=128)
    target_field: str | None = Field(default=None, max_length=16)
    status: str = Field(default="pending", max_length=16)  # pending | delivered | failed
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_until: datetime | None = None
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    delivered_at: datetime | None = None


class SlackMessage(SQLModel, table=True):
    """Where a named message (a record's card, its DM copies) was posted."""

    __tablename__ = "slack_message"
    __table_args__ = (Index("ix_slack_message_where", "team_id", "channel", "ts", unique=True),)

    team_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(primary_key=True, max_length=128)
    channel: str = Field(max_length=32)
    ts: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow)


class InboundKey(SQLModel, table=True):
    """A delivery Slack may repeat (event_id, a view submission's id and hash), seen once."""

    __tablename__ = "inbound_key"

    team_id: str = Field(primary_key=True, max_length=32)
    kind: str = Field(primary_key=True, max_length=16)
    key: str = Field(primary_key=True, max_length=128)
    received_at: datetime = Field(default_factory=utcnow, index=True)
