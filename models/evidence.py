"""Fields shared by records that can be made from a Slack message (a shortcut on it)."""
from __future__ import annotations

from sqlmodel import Field, SQLModel


class SourceColumns(SQLModel):
    """The Slack message a record was made from, kept as evidence: where, who, what, and a link."""

    source_channel: str | None = Field(default=None, max_length=32)
    source_ts: str | None = Field(default=None, max_length=32)
    source_author: str | None = Field(default=None, max_length=32)
    source_text: str | None = None
    source_permalink: str | None = Field(default=None, max_length=500)  # chat.getPermalink, after commit
    source_author_name: str | None = Field(default=None, max_length=200)  # an app's name, when a bot wrote it
    # Not known to be a public channel's message: kept here, shown on cards only if the reporter chose to.
    source_private: bool = False
    source_shown: bool = False
