"""Replies in a record's review thread (ISO 9001 7.5.3), for any record type."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import utcnow


class Comment(SQLModel, table=True):
    """One human reply. (team_id, channel, ts) is the Slack message, so a redelivered
    event can never store it twice; a deleted reply keeps its text and gets deleted_at."""

    __tablename__ = "comment"
    __table_args__ = (
        UniqueConstraint("team_id", "channel", "ts", name="uq_comment_message"),
        Index("ix_comment_record", "team_id", "record_type", "record_id", "created_at"),  # newest reply per record
        Index("ix_comment_recent", "team_id", "record_type", "created_at"),  # replies since (the digest's stale)
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    record_type: str = Field(max_length=32)  # nc, approval (bot.qms.counters kinds)
    record_id: str = Field(max_length=64)
    channel: str = Field(max_length=32)
    ts: str = Field(max_length=32)
    thread_ts: str = Field(max_length=32)
    author: str = Field(max_length=32)
    text: str = ""
    permalink: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    edited_at: datetime | None = None
    deleted_at: datetime | None = None
