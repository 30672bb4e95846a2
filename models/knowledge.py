"""The company's knowledge (ISO 9001 7.1.6): entries, every version of each, and their tags.

The search index is not a model: SQLite keeps an FTS5 table (`knowledge_fts`) in step with
`knowledge_entry` by triggers, PostgreSQL a generated `tsvector` column (`search`) with a GIN
index; both are made by migrations/versions/knowledge_1 and left out of the drift compare
(migrations/unmapped.py).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.evidence import SourceColumns
from models.types import json_column, utcnow


class KnowledgeEntry(SourceColumns, table=True):
    """One entry, `KB-<n>`, as it is now; its earlier versions are KnowledgeVersion rows."""

    __tablename__ = "knowledge_entry"
    __table_args__ = (
        UniqueConstraint("team_id", "record_id", name="uq_knowledge_entry_team_record"),
        Index("ix_knowledge_entry_owner", "team_id", "owner", "status"),
        Index("ix_knowledge_entry_review", "team_id", "status", "next_review_at"),
        Index("ix_knowledge_entry_process", "team_id", "process", "status"),
        Index("ix_knowledge_entry_created", "team_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    record_id: str = Field(max_length=16)  # KB-12
    title: str = Field(max_length=150)
    body: str = ""
    thread_text: str | None = None  # the thread's replies, one "name: text" paragraph each
    thread_state: str | None = Field(default=None, max_length=16)  # None | pending | added | failed
    thread_left_out: int = 0  # replies that did not fit the stored limit (the source link has them)
    process: str = Field(max_length=75)
    tags: list[str] | None = Field(default=None, sa_column=json_column())
    owner: str = Field(max_length=32)
    author: str | None = Field(default=None, max_length=32)  # who wrote it (the message's author)
    saver: str = Field(max_length=32)
    status: str = Field(default="current", max_length=16)  # current | retired
    version: int = 1
    review_days: int = 180
    confirmed_at: datetime = Field(default_factory=utcnow)  # last said to be still true
    confirmed_by: str | None = Field(default=None, max_length=32)
    next_review_at: datetime = Field(default_factory=utcnow)
    nc_id: str | None = Field(default=None, max_length=16)  # the closed NC this lesson was learned from
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    retired_at: datetime | None = None
    retired_by: str | None = Field(default=None, max_length=32)


class KnowledgeVersion(SQLModel, table=True):
    """What an entry said at one version, who made it so and when (version 1 is the save)."""

    __tablename__ = "knowledge_version"
    __table_args__ = (UniqueConstraint("entry_id", "version", name="uq_knowledge_version_entry_version"),)

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="knowledge_entry.id")
    team_id: str = Field(max_length=32)
    version: int
    title: str = Field(max_length=150)
    body: str = ""
    process: str = Field(max_length=75)
    tags: list[str] | None = Field(default=None, sa_column=json_column())
    owner: str = Field(max_length=32)
    review_days: int = 180
    edited_by: str = Field(max_length=32)
    edited_at: datetime = Field(default_factory=utcnow)


class KnowledgeTag(SQLModel, table=True):
    """One tag of one entry, for `tag:` filters (the entry's `tags` keeps them in order for display)."""

    __tablename__ = "knowledge_tag"
    __table_args__ = (Index("ix_knowledge_tag_team_tag", "team_id", "tag", "entry_id"),)

    entry_id: int = Field(foreign_key="knowledge_entry.id", primary_key=True)
    tag: str = Field(max_length=50, primary_key=True)
    team_id: str = Field(max_length=32)
