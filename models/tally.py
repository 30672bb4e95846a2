"""How many NCs each workspace holds per status, severity and process, kept by the database itself.

Triggers on `nonconformance` (migration digest_3) add and subtract as rows are inserted, change status,
severity or process, or are deleted, in the same transaction: the digest's "open by severity and by
process" reads a few dozen rows instead of counting every open NC.
"""
from __future__ import annotations

from sqlmodel import Field, SQLModel


class NcTally(SQLModel, table=True):
    __tablename__ = "nc_tally"

    team_id: str = Field(primary_key=True, max_length=32)
    status: str = Field(primary_key=True, max_length=16)
    severity: str = Field(primary_key=True, max_length=16)
    process: str = Field(primary_key=True, max_length=75)
    records: int = 0  # never below 0; a key whose NCs all moved on stays at 0
