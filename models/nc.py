"""Nonconformances (ISO 9001 8.7, 10.2): the record, its lifecycle fields and its evidence."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from models.evidence import SourceColumns
from models.types import json_column, utcnow


class Nonconformance(SourceColumns, table=True):
    """One NC. Text is stored in full; only what Slack shows is truncated.

    `status` moves only by compare-and-set (UPDATE ... WHERE status = <expected>),
    so two people applying the same step cannot both win.
    """

    __tablename__ = "nonconformance"
    __table_args__ = (
        UniqueConstraint("team_id", "record_id", name="uq_nonconformance_team_record"),
        # The lists (bot.qms.nc.records): per workspace, person and status, newest first — `id` last so
        # PostgreSQL reads them in order too (SQLite's indexes end in the rowid anyway).
        Index("ix_nonconformance_reporter", "team_id", "reporter", "status", "id"),
        Index("ix_nonconformance_owner", "team_id", "owner", "status", "id"),
        Index("ix_nonconformance_status", "team_id", "status", "id"),
        Index("ix_nonconformance_created", "team_id", "created_at"),  # the digest's counts per period
        Index("ix_nonconformance_closed", "team_id", "closed_at"),
        Index("ix_nonconformance_closing", "team_id", "status", "closed_at", "created_at"),  # days to close, covered
        Index("ix_nonconformance_breakdown", "team_id", "status", "severity", "process"),  # open by both, covered
        Index("ix_nonconformance_activity", "team_id", "status", "updated_at"),  # stale candidates
        Index("ix_nonconformance_due", "team_id", "status", "due_date", "id"),  # overdue actions, in due order
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    record_id: str = Field(max_length=16)  # NC-12
    title: str = Field(max_length=150)
    description: str | None = None
    severity: str = Field(max_length=16)  # minor | major | critical
    process: str = Field(max_length=75)
    customer: str | None = Field(default=None, max_length=200)
    source: str = Field(max_length=32)  # internal | customer_complaint | internal_audit | supplier
    status: str = Field(default="open", max_length=16)
    reporter: str = Field(max_length=32)
    owner: str | None = Field(default=None, max_length=32)
    # Filled as the record moves (10.2.1 a-d).
    correction: str | None = None
    root_cause: list[str] | None = Field(default=None, sa_column=json_column())  # up to five whys
    corrective_action: str | None = None
    due_date: date | None = None
    done_summary: str | None = None
    done_by: str | None = Field(default=None, max_length=32)  # who marked it done: not its verifier (10.2.1 d)
    effectiveness: str | None = None
    not_effective_reason: str | None = None
    rejection_reason: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = None
    feedback_id: str | None = Field(default=None, max_length=16)  # the customer feedback it was raised from

