"""Knowledge in `/qms mine` and on the Home tab (the person's entries due for review), and in an empty
`/qms kb` answer."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.qms.knowledge.search import Hit
from bot.qms.listing import LIMIT, NOW, TEAM, USER, Item, SectionSource, Viewer, card_links, probe_of
from bot.qms.prepared import Prepared
from models import KnowledgeEntry


def due_for(session: Session, *, team_id: str, user_id: str, now: datetime, limit: int = LIMIT) -> list[KnowledgeEntry]:
    """The user's current entries whose review has fallen due, the longest overdue first."""
    return list(session.scalars(_DUE_FOR, {"team_id": team_id, "user_id": user_id, "now": now, "limit": limit}))


_DUE_FOR = (select(KnowledgeEntry)  # built once: every /qms mine and Home tab asks it
            .where(KnowledgeEntry.team_id == TEAM, KnowledgeEntry.owner == USER, KnowledgeEntry.status == "current",
                   KnowledgeEntry.next_review_at <= NOW)
            .order_by(KnowledgeEntry.next_review_at).limit(bindparam("limit")))
_DUE_LISTED = Prepared(_DUE_FOR.with_only_columns(  # what the list shows of each
    KnowledgeEntry.record_id, KnowledgeEntry.title, KnowledgeEntry.next_review_at))


def due_hits(session: Session, *, team_id: str, user_id: str, now: datetime, limit: int = 5) -> list[Hit]:
    return [Hit(entry, "") for entry in due_for(session, team_id=team_id, user_id=user_id, now=now, limit=limit)]


def kb_due(session: Session, viewer: Viewer) -> list[Item]:
    entries = _DUE_LISTED.all(session, {"team_id": viewer.team_id, "user_id": viewer.user_id, "now": viewer.now,
                                        "limit": LIMIT})
    links = card_links(session, team_id=viewer.team_id, record_type="kb", record_ids=[e.record_id for e in entries])
    return [Item(entry.record_id, entry.title, f"review due {entry.next_review_at:%d %b}", links.get(entry.record_id))
            for entry in entries]


SECTIONS = [SectionSource("Knowledge due for your review", "None of your knowledge is due for review.", kb_due,
                          probe=probe_of(_DUE_FOR))]
