"""When a nonconformance last saw activity: the later of its last change and its last kept thread reply.

A record with no activity for `stale_days` is stale (the digest's c4 list, the reminder sweep); any new
activity (a step, an edit, a reply in its review thread) resets that.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.qms.audit import as_utc
from bot.qms.nc.lifecycle import OPEN
from models import Comment, Nonconformance

RECORD_TYPE = "nc"


def _last_reply(team_id: str):
    """The newest kept reply in each NC's review thread (a correlated subquery: one statement in all)."""
    return select(func.max(Comment.created_at)).where(
        Comment.team_id == team_id, Comment.record_type == RECORD_TYPE,
        Comment.record_id == Nonconformance.record_id, Comment.deleted_at.is_(None)).scalar_subquery()


def _later(changed: datetime, replied: datetime | None) -> datetime:
    return as_utc(changed) if replied is None else max(as_utc(changed), as_utc(replied))


def last_activity(session: Session, *, team_id: str, record_ids: Sequence[str]) -> dict[str, datetime]:
    """record id -> its last activity, for the given NCs, in one query."""
    if not record_ids:
        return {}
    rows = session.execute(select(Nonconformance.record_id, Nonconformance.updated_at, _last_reply(team_id)).where(
        Nonconformance.team_id == team_id, Nonconformance.record_id.in_(list(record_ids)))).all()
    return {record_id: _later(changed, replied) for record_id, changed, replied in rows}


def stale_ncs(session: Session, *, team_id: str, now: datetime,
              stale_days: int) -> list[tuple[Nonconformance, datetime]]:
    """Open NCs with no activity for `stale_days`, oldest activity first, each with that moment."""
    cutoff = now - timedelta(days=stale_days)
    replied = _last_reply(team_id).label("replied")
    rows = session.execute(select(Nonconformance, replied).where(
        Nonconformance.team_id == team_id, Nonconformance.status.in_(OPEN), Nonconformance.updated_at < cutoff,
        or_(replied.is_(None), replied < cutoff))).all()
    return sorted(((record, _later(record.updated_at, at)) for record, at in rows), key=lambda pair: pair[1])
