"""Knowledge entries: save one, find them, their versions. The changes after the save live in lifecycle."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.qms import audit, counters
from bot.qms.evidence import SourceMessage
from models import KnowledgeEntry, KnowledgeTag, KnowledgeVersion

RECORD_TYPE = "kb"
AUDITED = ("title", "body", "process", "tags", "owner", "review_days")


def save(session: Session, *, team_id: str, saver: str, values: dict, now: datetime,
         source: SourceMessage | None = None, author: str | None = None, nc_id: str | None = None,
         thread_pending: bool = False) -> KnowledgeEntry:
    """Store a new entry (its draft already checked) as version 1, with its 'kb.created' audit event.
    `thread_pending`: the saver asked for the thread's replies, which are added once read (kb.thread_added)."""
    columns = source.columns() if source is not None else {}
    entry = KnowledgeEntry(team_id=team_id, record_id=counters.next_id(session, team_id=team_id, kind=RECORD_TYPE),
                           saver=saver, author=author if author is not None else (source.author if source else saver),
                           status="current", version=1, confirmed_at=now, confirmed_by=saver,
                           next_review_at=now + timedelta(days=values["review_days"]), nc_id=nc_id,
                           thread_state="pending" if thread_pending else None, created_at=now, updated_at=now,
                           **columns, **values)
    session.add(entry)
    session.flush()
    set_tags(session, entry)
    add_version(session, entry, editor=saver, now=now)
    audit.record(session, team_id=team_id, record_type=RECORD_TYPE, record_id=entry.record_id, action="kb.created",
                 actor=saver, now=now, after={**snapshot(entry), "author": entry.author, "saver": saver,
                                              "nc_id": nc_id, **columns,
                                              "thread": "pending" if thread_pending else None})
    return entry


def get(session: Session, *, team_id: str, record_id: str, lock: bool = False) -> KnowledgeEntry | None:
    statement = select(KnowledgeEntry).where(KnowledgeEntry.team_id == team_id,
                                             KnowledgeEntry.record_id == (record_id or "").upper())
    return session.scalars(statement.with_for_update() if lock else statement).first()


def by_ids(session: Session, *, team_id: str, ids: Sequence[int]) -> dict[int, KnowledgeEntry]:
    """By primary key alone (a team_id condition in SQL lets SQLite pick the team's index and scan it all);
    another workspace's row is dropped here."""
    if not ids:
        return {}
    return {entry.id: entry for entry in session.scalars(select(KnowledgeEntry).where(
        KnowledgeEntry.id.in_(list(ids)))) if entry.team_id == team_id}


def owned_by(session: Session, *, team_id: str, user_id: str) -> list[KnowledgeEntry]:
    """The user's current entries."""
    return list(session.scalars(select(KnowledgeEntry).where(
        KnowledgeEntry.team_id == team_id, KnowledgeEntry.owner == user_id, KnowledgeEntry.status == "current")
        .order_by(KnowledgeEntry.id)))


def versions(session: Session, *, entry: KnowledgeEntry) -> list[KnowledgeVersion]:
    return list(session.scalars(select(KnowledgeVersion).where(KnowledgeVersion.entry_id == entry.id)
                                .order_by(KnowledgeVersion.version)))


def pending_thread(session: Session, *, team_id: str, saver: str, channel: str, ts: str) -> KnowledgeEntry | None:
    """The saver's newest entry from that message still waiting for its thread's replies."""
    return session.scalars(select(KnowledgeEntry).where(
        KnowledgeEntry.team_id == team_id, KnowledgeEntry.saver == saver, KnowledgeEntry.source_channel == channel,
        KnowledgeEntry.source_ts == ts, KnowledgeEntry.thread_state == "pending")
        .order_by(KnowledgeEntry.id.desc()).with_for_update()).first()


def snapshot(entry: KnowledgeEntry) -> dict:
    """What an edit can change, as the audit trail keeps it."""
    return {name: list(getattr(entry, name) or []) if name == "tags" else getattr(entry, name) for name in AUDITED}


def add_version(session: Session, entry: KnowledgeEntry, *, editor: str, now: datetime) -> None:
    session.add(KnowledgeVersion(entry_id=entry.id, team_id=entry.team_id, version=entry.version, title=entry.title,
                                 body=entry.body, process=entry.process, tags=list(entry.tags or []),
                                 owner=entry.owner, review_days=entry.review_days, edited_by=editor, edited_at=now))


def set_tags(session: Session, entry: KnowledgeEntry) -> None:
    session.execute(delete(KnowledgeTag).where(KnowledgeTag.entry_id == entry.id))
    for tag in dict.fromkeys(entry.tags or []):
        session.add(KnowledgeTag(entry_id=entry.id, tag=tag, team_id=entry.team_id))
