"""Customer feedback (ISO 9001 9.1.2), the customers it names, and first response times in customer
channels (what Slack's message events say: ids and times only, never the text)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.evidence import SourceColumns
from models.types import utcnow


class Customer(SQLModel, table=True):
    """A customer as people name it; `slack_team` is its organisation in Slack Connect, once known."""

    __tablename__ = "customer"
    __table_args__ = (
        UniqueConstraint("team_id", "name_key", name="uq_customer_team_name"),
        Index("ix_customer_slack_team", "team_id", "slack_team"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    name: str = Field(max_length=200)
    name_key: str = Field(max_length=200)  # casefolded: "ACME" and "acme" are one customer
    slack_team: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow)


class Feedback(SourceColumns, table=True):
    """One piece of customer feedback (FB-n): a score on the workspace's scale and what was said."""

    __tablename__ = "feedback"
    __table_args__ = (
        UniqueConstraint("team_id", "record_id", name="uq_feedback_team_record"),
        Index("ix_feedback_created", "team_id", "created_at", "scale", "score"),  # covers the digest's averages
        Index("ix_feedback_logged_by", "team_id", "logged_by"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    record_id: str = Field(max_length=16)  # FB-7
    customer_id: int = Field(foreign_key="customer.id")
    customer: str = Field(max_length=200)  # the customer's name when it was logged
    scale: str = Field(max_length=8)  # csat (1-5) | nps (0-10)
    score: int
    comment: str | None = None
    received_via: str = Field(max_length=16)  # call | email | meeting | survey | slack
    related_nc: str | None = Field(default=None, max_length=16)  # NC-4 it is about
    related_approval: str | None = Field(default=None, max_length=32)  # APR-2 it is about
    raised_nc: str | None = Field(default=None, max_length=16)  # the complaint NC raised from it
    logged_by: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow)


class CustomerMessage(SQLModel, table=True):
    """A message by someone outside the company in a customer channel, and its first internal reply."""

    __tablename__ = "customer_message"
    __table_args__ = (
        UniqueConstraint("team_id", "channel_id", "ts", name="uq_customer_message_ts"),
        # what waits in one channel (an internal reply answers it); what waits anywhere, oldest first
        Index("ix_customer_message_channel_waiting", "team_id", "channel_id", "answered_at", "deleted", "posted_at"),
        Index("ix_customer_message_waiting", "team_id", "answered_at", "deleted", "posted_at", "channel_id"),
        # covers the figures: answered messages of a period, by channel, read from the index alone
        Index("ix_customer_message_posted", "team_id", "posted_at", "deleted", "channel_id", "working_seconds"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    ts: str = Field(max_length=32)
    thread_ts: str | None = Field(default=None, max_length=32)  # None: a message in the channel itself
    author: str = Field(max_length=32)
    author_team: str | None = Field(default=None, max_length=32)
    posted_at: datetime
    answered_at: datetime | None = None
    answer_ts: str | None = Field(default=None, max_length=32)
    answered_by: str | None = Field(default=None, max_length=32)
    working_seconds: int | None = None  # posted -> answered, in the workspace's working hours
    deleted: bool = False


class ResponseMonth(SQLModel, table=True):
    """How many customer messages posted in a month (the workspace's timezone) got their first reply within
    each time bucket: medians over months and quarters read these few rows, not every message."""

    __tablename__ = "customer_response_month"

    team_id: str = Field(primary_key=True, max_length=32)
    month: date = Field(primary_key=True)  # its first day
    bucket: int = Field(primary_key=True)  # the bucket's lower bound, in working seconds
    answered: int = 0
