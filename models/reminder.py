"""Reminders (issue 11): who was reminded of what on which of their working days, and snoozes.

A `ReminderClaim` is inserted in the same transaction that queues the reminder DM; its primary key
(team, person, kind, record, the person's local day) makes "at most once per item, person and working day"
a database fact, whichever sweep, instance or rerun gets there first.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from models.types import utcnow


class ReminderClaim(SQLModel, table=True):
    __tablename__ = "reminder_claim"
    __table_args__ = (Index("ix_reminder_claim_sent", "team_id", "sent_at"),)

    team_id: str = Field(primary_key=True, max_length=32)
    person: str = Field(primary_key=True, max_length=32)
    kind: str = Field(primary_key=True, max_length=32)  # bot.qms.inputs.Due.kind
    record_id: str = Field(primary_key=True, max_length=64)
    day: date = Field(primary_key=True)  # the working day in the person's own timezone
    since: datetime  # when the item became due, as the sweep saw it
    escalation: bool = False
    sent_at: datetime = Field(default_factory=utcnow)


class ReminderSnooze(SQLModel, table=True):
    """Someone postponed reminders of one item until `until`, once: afterwards the usual cadence resumes."""

    __tablename__ = "reminder_snooze"

    team_id: str = Field(primary_key=True, max_length=32)
    person: str = Field(primary_key=True, max_length=32)
    kind: str = Field(primary_key=True, max_length=32)
    record_id: str = Field(primary_key=True, max_length=64)
    until: datetime
    snoozed_at: datetime = Field(default_factory=utcnow)
