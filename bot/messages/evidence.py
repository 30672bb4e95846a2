"""A record's source message after commit: its permalink is asked of Slack by the outbox, then
kept on the record (one audit event) and shown on the record's card.

Each record type that keeps evidence registers how to find a record and show it again.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks.slack_text import mentioned
from bot.outbox import hooks
from bot.outbox.queue import Copy, enqueue
from bot.qms import directory
from bot.qms.evidence import link_source
from models.outbox import SOURCE

Find = Callable[[Session, str, str], object | None]  # session, team_id, record_id -> the record
Refresh = Callable[[Session, object, datetime], None]  # queue the record's card updates
_KINDS: dict[str, tuple[Find, Refresh]] = {}


def register(record_type: str, find: Find, refresh: Refresh) -> None:
    _KINDS[record_type] = (find, refresh)


def fetch_permalink(session: Session, record, *, record_type: str, now: datetime) -> None:
    """Ask Slack for the source message's permalink (after commit, in the record's order)."""
    if record.source_channel and record.source_ts and not record.source_permalink:
        enqueue(session, team_id=record.team_id, key=record.record_id, method="chat.getPermalink",
                args={"channel": record.source_channel, "message_ts": record.source_ts}, now=now,
                copy=Copy(record_type, record.record_id, SOURCE), use="permalink")


def names_in(session: Session, team_id: str, texts: Iterable[str | None]) -> dict[str, str]:
    """Display names of the people these Slack texts mention, where the directory knows them."""
    ids = set().union(*(mentioned(text) for text in texts))
    return {user_id: row.name for user_id, row in directory.users(session, team_id=team_id, user_ids=ids).items()}


@hooks.on_permalink(SOURCE)
def _source_linked(session: Session, team_id: str, copy: Copy, permalink: str, now: datetime) -> None:
    find, refresh = _KINDS[copy.record_type]
    record = find(session, team_id, copy.record_id)
    if record is not None and record.source_permalink != permalink:
        link_source(session, record=record, record_type=copy.record_type, permalink=permalink, now=now)
        refresh(session, record, now)
