"""Quality objectives (ISO 9001 6.2): what is measured, its target, and the values owners enter by hand."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import utcnow


class Objective(SQLModel, table=True):
    __tablename__ = "objective"
    __table_args__ = (
        UniqueConstraint("team_id", "record_id", name="uq_objective_team_record"),
        Index("ix_objective_owner", "team_id", "owner"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    record_id: str = Field(max_length=16)  # OBJ-3
    name: str = Field(max_length=150)
    owner: str = Field(max_length=32)
    period: str = Field(max_length=8)  # month | quarter
    measure: str = Field(max_length=32)  # a key of bot.qms.objectives.measures.MEASURES
    target: float
    days: int | None = None  # N of "NCs closed within N days"
    direction: str = Field(default="at_least", max_length=8)  # at_least | at_most (a manual measure's)
    unit: str | None = Field(default=None, max_length=30)  # a manual measure's unit, shown after its value
    active: bool = True
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ObjectiveValue(SQLModel, table=True):
    """A manual measure's value for one period, as its owner entered it (the latest entry counts)."""

    __tablename__ = "objective_value"
    __table_args__ = (UniqueConstraint("objective_id", "period_start", name="uq_objective_value_period"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    objective_id: int = Field(foreign_key="objective.id")
    period_start: date
    value: float
    recorded_by: str = Field(max_length=32)
    recorded_at: datetime = Field(default_factory=utcnow)
