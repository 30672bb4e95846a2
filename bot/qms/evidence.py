"""The Slack message a record was made from (a shortcut on it), kept as evidence.

A message from a conversation that is not known to be public (a DM, a group DM, a
private channel) is kept in full here, but a card shows nothing of it unless the
person who made the record chose to show the quote (`shown`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.qms import audit


@dataclass(frozen=True)
class SourceMessage:
    channel: str
    ts: str
    author: str | None = None       # the person who wrote it (None for an app's message)
    text: str | None = None         # as Slack sent it: its own markup, entities escaped
    permalink: str | None = None
    author_name: str | None = None  # the app's name, when an app wrote it
    private: bool = True            # not known to be a public channel's message
    shown: bool = False             # the reporter chose to show the quote on the card anyway

    def columns(self) -> dict:
        """The record's source_* columns (models.evidence.SourceColumns)."""
        return {"source_channel": self.channel, "source_ts": self.ts, "source_author": self.author,
                "source_text": self.text, "source_permalink": self.permalink,
                "source_author_name": self.author_name, "source_private": self.private,
                "source_shown": self.shown}


def link_source(session: Session, *, record, record_type: str, permalink: str, now: datetime) -> None:
    """Slack gave the source message's permalink (fetched after the record was stored)."""
    if record.source_permalink == permalink:
        return
    before = record.source_permalink
    record.source_permalink = permalink
    session.add(record)
    audit.record(session, team_id=record.team_id, record_type=record_type, record_id=record.record_id,
                 action=f"{record_type}.evidence_linked", actor=None, now=now,
                 before={"source_permalink": before}, after={"source_permalink": permalink})
