"""Slack messages waiting to be sent, where sent messages live, and inbound dedup keys."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import json_column, utcnow

# The copies a record can have in Slack (SlackMessage.role).
CARD = "card"      # the record's home: its card in the quality channel (or its owner's DM without one)
DM = "dm"          # a personal copy in someone's DM with Trellis (e.g. an approver's, with their buttons)
SOURCE = "source"  # the message the record was made from (a message shortcut's evidence)


class OutboxMessage(SQLModel, table=True):
    """One Web API call, stored in the same transaction as the change it reports.

    Rows with the same (team_id, key) are delivered in id order. A row may be about
    one copy of a record in Slack (record_type, record_id, copy_role, copy_holder):
    `copy_use` says how — "save" (this post becomes that copy), "ts" (a chat.update
    of it), "thread_ts" (a reply in its thread) or "permalink" (chat.getPermalink
    of it, stored on the copy); the copy's channel and ts are filled in just before
    sending.

    A lease is `claimed_by` (the claiming instance and its batch) until `claimed_until`,
    renewed while the instance works. `maybe_posted`: an attempt to post got no answer
    (or its worker died), so the message may be in Slack already; the next attempt looks
    for it there first. `notify_on_failure`: who to tell if this post fails for good.
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
    record_type: str | None = Field(default=None, max_length=32)
    record_id: str | None = Field(default=None, max_length=64)
    copy_role: str | None = Field(default=None, max_length=16)
    copy_holder: str | None = Field(default=None, max_length=32)
    copy_use: str | None = Field(default=None, max_length=16)  # save | ts | thread_ts | permalink
    status: str = Field(default="pending", max_length=16)  # pending | delivered | failed
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_until: datetime | None = None
    last_error: str | None = Field(default=None, max_length=500)
    maybe_posted: bool = False
    notify_on_failure: str | None = Field(default=None, max_length=32)  # a Slack user id
    created_at: datetime = Field(default_factory=utcnow)
    delivered_at: datetime | None = None


class SlackMessage(SQLModel, table=True):
    """Where one copy of a record was posted: its card, or someone's DM copy of it."""

    __tablename__ = "slack_message"
    __table_args__ = (
        UniqueConstraint("team_id", "record_type", "record_id", "role", "holder", name="uq_slack_message_copy"),
        Index("ix_slack_message_where", "team_id", "channel", "ts", unique=True),
        # Review-thread reconciliation reads only copies posted or replied to lately (bot.qms.threads).
        Index("ix_slack_message_posted", "created_at"),
        Index("ix_slack_message_replied", "last_reply_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    record_type: str = Field(max_length=32)  # nc, approval, ... (bot.qms.counters kinds)
    record_id: str = Field(max_length=64)
    role: str = Field(max_length=16)  # CARD | DM | SOURCE
    holder: str = Field(default="", max_length=32)  # whose DM copy ("" for the card)
    channel: str = Field(max_length=32)
    ts: str = Field(max_length=32)
    permalink: str | None = Field(default=None, max_length=500)  # chat.getPermalink's answer, once fetched
    # Review-thread reconciliation: the newest reply ts compared with Slack, and the last reply kept.
    replies_seen_ts: str | None = Field(default=None, max_length=32)
    last_reply_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class InboundKey(SQLModel, table=True):
    """A delivery Slack may repeat (event_id, a view submission's id and hash), seen once."""

    __tablename__ = "inbound_key"

    team_id: str = Field(primary_key=True, max_length=32)
    kind: str = Field(primary_key=True, max_length=16)
    key: str = Field(primary_key=True, max_length=128)
    received_at: datetime = Field(default_factory=utcnow, index=True)
