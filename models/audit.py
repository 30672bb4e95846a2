"""The append-only audit trail (ISO 9001 7.5.3.2): who, when, what, before/after.

Events form one hash chain per workspace: each event's hash covers its content
and the previous event's hash, so an edited or deleted row breaks the chain.
The database also refuses UPDATE, DELETE, a REPLACE of an existing event and (on
PostgreSQL) TRUNCATE, and lets the head only move forward to a stored event
(triggers in migrations 0001 and audit_1).
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, TypeDecorator, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import utcnow

# How the chain serialises a value to hash it: sorted keys, no spaces, UTF-8 as it is.
CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class CanonicalJSON(TypeDecorator):
    """JSON stored as exactly the text the chain hashes, so `verify` can hash a stored event without
    parsing it (rows stored otherwise are parsed and re-serialised). Still a JSON column in the database."""

    impl = JSON
    cache_ok = True

    def bind_processor(self, dialect):
        return CANONICAL.encode


def canonical_json_column() -> Column:
    return Column(CanonicalJSON, nullable=True)


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (
        UniqueConstraint("team_id", "seq", name="uq_audit_event_team_seq"),
        Index("ix_audit_event_record", "team_id", "record_type", "record_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    seq: int
    record_type: str = Field(max_length=32)
    record_id: str = Field(max_length=64)
    action: str = Field(max_length=64)
    actor: str | None = Field(default=None, max_length=32)
    at: datetime = Field(default_factory=utcnow)
    before: dict[str, Any] | None = Field(default=None, sa_column=canonical_json_column())
    after: dict[str, Any] | None = Field(default=None, sa_column=canonical_json_column())
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    # The link is an HMAC-SHA256 with TRELLIS_AUDIT_KEY (False: plain SHA-256, written without a key).
    keyed: bool = False


class AuditHead(SQLModel, table=True):
    """The newest link of each workspace's chain; its row lock serialises appends."""

    __tablename__ = "audit_head"

    team_id: str = Field(primary_key=True, max_length=32)
    seq: int = 0
    hash: str = Field(default="0" * 64, max_length=64)
