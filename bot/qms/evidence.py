"""The Slack message a record was made from (a shortcut on it), kept as evidence."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceMessage:
    channel: str
    ts: str
    author: str | None = None
    text: str | None = None
    permalink: str | None = None

    def columns(self) -> dict:
        """The record's source_* columns (models.evidence.SourceMessage)."""
        return {"source_channel": self.channel, "source_ts": self.ts, "source_author": self.author,
                "source_text": self.text, "source_permalink": self.permalink}
