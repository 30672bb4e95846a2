"""What the knowledge base hands the reminder sweep: each current entry whose review has fallen due, for
its owner (kind "knowledge_review"; bot/blocks/knowledge/reminder.py draws its buttons). An owner who has
left is reminded of nothing: the digest lists those entries as orphaned for a manager to reassign.
One statement, whatever the number of entries."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from bot.qms.inputs import Due, ItemRef
from models import KnowledgeEntry, SlackUser

KIND = "knowledge_review"


def reminders_due(session: Session, *, team_id: str, now: datetime) -> list[Due]:
    gone = select(SlackUser.user_id).where(SlackUser.team_id == team_id, SlackUser.deleted.is_(True))
    entries = session.scalars(select(KnowledgeEntry).where(and_(
        KnowledgeEntry.team_id == team_id, KnowledgeEntry.status == "current", KnowledgeEntry.next_review_at <= now,
        KnowledgeEntry.owner.not_in(gone))).order_by(KnowledgeEntry.owner, KnowledgeEntry.next_review_at))
    return [Due(person=entry.owner, kind=KIND, since=entry.next_review_at,
                item=ItemRef("kb", entry.record_id, entry.title, owner=entry.owner,
                             age_days=(now - entry.next_review_at).days,
                             note=f"last confirmed {entry.confirmed_at:%d %b %Y}"))
            for entry in entries]
