"""When an NC last saw activity: the later of its last change and the last reply kept in its review
thread. One definition for the digest's stale list and the reminder sweep; staleness resets with either."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from bot.qms.nc.lifecycle import OPEN
from bot.qms.plain import as_utc
from models import Comment, Nonconformance


def _last_replies(team_id: str):
    return (select(Comment.record_id, func.max(Comment.created_at).label("replied_at"))
            .where(Comment.team_id == team_id, Comment.record_type == "nc", Comment.deleted_at.is_(None))
            .group_by(Comment.record_id).subquery())


def stale_select(*, team_id: str, now: datetime, stale_days: int) -> tuple[Select, Select]:
    """(the stale open NCs with their last activity, oldest activity first; their count) as statements:
    open NCs neither changed nor replied to for `stale_days`."""
    cutoff = now - timedelta(days=stale_days)
    replies = _last_replies(team_id)
    activity = case((replies.c.replied_at > Nonconformance.updated_at, replies.c.replied_at),
                    else_=Nonconformance.updated_at).label("activity")
    where = (Nonconformance.team_id == team_id, Nonconformance.status.in_(OPEN), Nonconformance.updated_at < cutoff,
             (replies.c.replied_at.is_(None)) | (replies.c.replied_at < cutoff))
    joined = select(Nonconformance, activity).outerjoin(replies, replies.c.record_id == Nonconformance.record_id)
    counted = select(func.count()).select_from(Nonconformance).outerjoin(
        replies, replies.c.record_id == Nonconformance.record_id)
    return joined.where(*where).order_by(activity, Nonconformance.id), counted.where(*where)


def stale(session: Session, *, team_id: str, now: datetime, stale_days: int,
          limit: int | None = None) -> list[tuple[Nonconformance, datetime]]:
    """Stale open NCs with when they last saw activity, oldest first (two statements at most: none per NC)."""
    rows, _ = stale_select(team_id=team_id, now=now, stale_days=stale_days)
    return [(row[0], row[1]) for row in session.execute(rows.limit(limit) if limit else rows)]


def stale_count(session: Session, *, team_id: str, now: datetime, stale_days: int) -> int:
    return session.scalar(stale_select(team_id=team_id, now=now, stale_days=stale_days)[1]) or 0


def stale_ncs(session: Session, *, team_id: str, now: datetime,
              stale_days: int) -> list[tuple[Nonconformance, datetime]]:
    """The reminder sweep's name for `stale`: every stale open NC, oldest activity first."""
    return stale(session, team_id=team_id, now=now, stale_days=stale_days)


def last_activity(session: Session, *, team_id: str, record_ids: Sequence[str]) -> dict[str, datetime]:
    """record id -> its last activity, for the given NCs, in one query."""
    if not record_ids:
        return {}
    replies = _last_replies(team_id)
    rows = session.execute(select(Nonconformance.record_id, Nonconformance.updated_at, replies.c.replied_at)
                           .outerjoin(replies, replies.c.record_id == Nonconformance.record_id)
                           .where(Nonconformance.team_id == team_id,
                                  Nonconformance.record_id.in_(list(record_ids)))).all()
    return {record_id: as_utc(changed) if replied is None else max(as_utc(changed), as_utc(replied))
            for record_id, changed, replied in rows}
