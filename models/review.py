"""The weekly digest and the management review (ISO 9001 9.3): each digest's claim, MR-n, ACT-n."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import json_column, utcnow


class DigestPost(SQLModel, table=True):
    """The claim of one digest period: inserted in the transaction that queues the post, so whoever
    inserts it first (a scheduler, a second instance, a manual run) is the only one that posts.
    `run` is 0 for the period's digest and counts up only for `trellis digest --force`."""

    __tablename__ = "digest_post"
    __table_args__ = (
        UniqueConstraint("team_id", "period_end", "run", name="uq_digest_post_period"),
        UniqueConstraint("team_id", "record_id", name="uq_digest_post_record"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    record_id: str = Field(max_length=32)  # DIG-2026-11-30 (the period's last local day), -2… when forced
    period_start: datetime
    period_end: datetime
    run: int = 0
    late: bool = False  # posted by the catch-up after its time had passed
    trigger: str = Field(default="schedule", max_length=16)  # schedule | catch_up | manual | forced
    channel: str | None = Field(default=None, max_length=32)
    inputs: list[dict[str, Any]] = Field(sa_column=json_column(nullable=False))  # the InputGroups as posted
    review_id: str | None = Field(default=None, max_length=16)  # MR-n, once the review is recorded
    posted_at: datetime = Field(default_factory=utcnow)


class ManagementReview(SQLModel, table=True):
    """MR-n: what the managers reviewed (the digest's inputs, frozen) and what they decided (9.3.3)."""

    __tablename__ = "management_review"
    __table_args__ = (
        UniqueConstraint("team_id", "record_id", name="uq_management_review_team_record"),
        UniqueConstraint("team_id", "digest_id", name="uq_management_review_digest"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    record_id: str = Field(max_length=16)  # MR-3
    digest_id: str = Field(max_length=32)
    held_on: date
    attendees: list[str] = Field(sa_column=json_column(nullable=False))
    inputs: list[dict[str, Any]] = Field(sa_column=json_column(nullable=False))  # frozen InputGroups
    comments: dict[str, str] = Field(sa_column=json_column(nullable=False))  # input key -> comment
    issues_decision: str | None = None  # b) changes in external and internal issues
    resources_decision: str | None = None  # d) adequacy of resources
    improvement_decision: str | None = None  # f) opportunities for improvement
    recorded_by: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow)


class ReviewAction(SQLModel, table=True):
    """ACT-n: one 9.3.3 output, owned and due; its owner marks it done, another manager confirms it."""

    __tablename__ = "review_action"
    __table_args__ = (
        UniqueConstraint("team_id", "record_id", name="uq_review_action_team_record"),
        Index("ix_review_action_owner", "team_id", "owner", "status"),
        Index("ix_review_action_status", "team_id", "status", "due_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    record_id: str = Field(max_length=16)  # ACT-7
    review_id: str = Field(max_length=16)  # MR-3
    kind: str = Field(max_length=16)  # improvement | qms_change | resource
    title: str = Field(max_length=300)
    owner: str = Field(max_length=32)
    due_date: date
    status: str = Field(default="open", max_length=16)  # open | done | confirmed
    done_by: str | None = Field(default=None, max_length=32)
    done_at: datetime | None = None
    confirmed_by: str | None = Field(default=None, max_length=32)
    confirmed_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
