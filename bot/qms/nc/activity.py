"""When an NC last saw activity: the later of its last change and the last reply kept in its review
thread. One definition for the digest's stale list and the reminder sweep; staleness resets with either.

A stale NC was neither changed nor replied to for `stale_days`. Its activity is at least its last change,
so the oldest by activity are found by walking the open NCs in order of last change (an index) and
stopping once the next one changed later than the oldest found so far: one statement, and a second only
when a page did not settle the order (many old NCs with recent replies).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import Session

from bot.qms.nc.lifecycle import OPEN
from models import Comment, Nonconformance

PAGE = 100


def _replies(team_id: str):
    return (Comment.team_id == team_id, Comment.record_type == "nc", Comment.record_id == Nonconformance.record_id,
            Comment.deleted_at.is_(None))


def _stale_where(team_id: str, cutoff: datetime) -> tuple:
    replied_since = exists().where(*_replies(team_id), Comment.created_at >= cutoff)
    return (Nonconformance.team_id == team_id, Nonconformance.status.in_(OPEN), Nonconformance.updated_at < cutoff,
            ~replied_since)


def stale(session: Session, *, team_id: str, now: datetime, stale_days: int,
          limit: int | None = None) -> list[tuple[Nonconformance, datetime]]:
    """Stale open NCs with when they last saw activity, oldest first (no statement per NC)."""
    cutoff = now - timedelta(days=stale_days)
    last_reply = select(func.max(Comment.created_at)).where(*_replies(team_id)).scalar_subquery()
    rows = select(Nonconformance, last_reply.label("replied_at")).where(*_stale_where(team_id, cutoff))
    ordered = rows.order_by(Nonconformance.updated_at, Nonconformance.id)
    page = session.execute(ordered.limit(PAGE) if limit else ordered).all()
    found = sorted(((row[0], max(row[0].updated_at, row[1] or row[0].updated_at)) for row in page),
                   key=lambda pair: (pair[1], pair[0].id))
    if limit and len(page) == PAGE and (len(found) < limit or found[limit - 1][1] > page[-1][0].updated_at):
        activity = case((last_reply > Nonconformance.updated_at, last_reply), else_=Nonconformance.updated_at)
        found = [(row[0], row[1]) for row in session.execute(
            select(Nonconformance, activity).where(*_stale_where(team_id, cutoff))
            .order_by(activity, Nonconformance.id).limit(limit))]
    return found[:limit] if limit else found


def stale_count(session: Session, *, team_id: str, now: datetime, stale_days: int) -> int:
    """Open NCs unchanged since the cutoff (an index count), less those replied to since (few)."""
    cutoff = now - timedelta(days=stale_days)
    unchanged = (Nonconformance.team_id == team_id, Nonconformance.status.in_(OPEN),
                 Nonconformance.updated_at < cutoff)
    old = session.scalar(select(func.count()).select_from(Nonconformance).where(*unchanged)) or 0
    replied = session.scalar(select(func.count(func.distinct(Nonconformance.id))).select_from(Comment).join(
        Nonconformance, Nonconformance.record_id == Comment.record_id).where(
        Comment.team_id == team_id, Comment.record_type == "nc", Comment.deleted_at.is_(None),
        Comment.created_at >= cutoff, *unchanged)) or 0
    return old - replied


def stale_ncs(session: Session, *, team_id: str, now: datetime,
              stale_days: int) -> list[tuple[Nonconformance, datetime]]:
    """The reminder sweep's name for `stale`: every stale open NC, oldest activity first."""
    return stale(session, team_id=team_id, now=now, stale_days=stale_days)

