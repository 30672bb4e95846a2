"""Per-workspace sequences behind the human record ids (NC-1, APR-1, ...)."""
from __future__ import annotations

from sqlmodel import Field, SQLModel


class Counter(SQLModel, table=True):
    __tablename__ = "counter"

    team_id: str = Field(primary_key=True, max_length=32)
    kind: str = Field(primary_key=True, max_length=16)
    value: int = 0
