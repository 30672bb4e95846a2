"""Approval requests (ISO 9001 7.5.2, 8.3.4, 8.6): "please sign this off", and who did.

A request names its approvers; each has one `ApprovalApprover` row whose
decision moves from pending to approved or rejected exactly once. The request's
own status says where the whole request stands under its policy ("any" one
approver decides, or "all" must approve).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.evidence import SourceColumns
from models.types import utcnow


class ApprovalRequest(SourceColumns, table=True):
    __tablename__ = "approval_request"
    __table_args__ = (
        UniqueConstraint("team_id", "record_id", name="uq_approval_request_team_record"),
        Index("ix_approval_request_requester", "team_id", "requester", "status"),
        Index("ix_approval_request_status", "team_id", "status"),  # what is pending (the reminder sweep)
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    record_id: str = Field(max_length=32)  # APR-3
    title: str = Field(max_length=150)
    description: str | None = None
    link: str | None = Field(default=None, max_length=2000)
    policy: str = Field(max_length=8)  # any | all
    due_on: date | None = None
    nc_id: str | None = Field(default=None, max_length=32)  # the linked nonconformance, e.g. NC-4
    requester: str = Field(max_length=32)
    status: str = Field(default="pending", max_length=16)  # pending | approved | rejected | cancelled
    # The channel the card was posted to when the request was made (None: approvers' DMs only).
    card_channel: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # Who ended it (last approver, the rejecter, or who cancelled), when, and the reason given.
    closed_by: str | None = Field(default=None, max_length=32)
    closed_at: datetime | None = None
    reason: str | None = None


class ApprovalApprover(SQLModel, table=True):
    """One named approver of one request; the primary key makes "once" a database fact."""

    __tablename__ = "approval_approver"
    __table_args__ = (Index("ix_approval_approver_user", "team_id", "user_id", "decision"),)

    request_id: int = Field(sa_column=Column(
        Integer, ForeignKey("approval_request.id"), primary_key=True))
    user_id: str = Field(primary_key=True, max_length=32)
    team_id: str = Field(max_length=32)
    position: int = 0  # the order the requester chose
    name: str = Field(max_length=200)  # their Slack name when asked: what the confirm dialog shows
    # pending | approved | rejected | left (their Slack account was gone when asked: never asked)
    decision: str = Field(default="pending", max_length=16)
    decided_at: datetime | None = None
    comment: str | None = None
