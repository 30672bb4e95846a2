"""When an NC last saw activity: the later of its last change and the last reply kept in its review
thread. One definition for the digest's stale list and the reminder sweep; staleness resets with either.

A stale NC was neither changed nor replied to for `stale_days`. Its activity is at least its last change,
so the oldest by activity are found by walking the open NCs in order of last change (an index) and
stopping once the next one changed later than the oldest found so far: one statement, and a second only
when a page did not settle the order (many old NCs with recent replies).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Row, Select, bindparam, case, exists, func, select, union_all
from sqlalchemy.orm import Session

from bot.qms.nc import tally
from bot.qms.nc.lifecycle import OPEN
from models import Comment, Nonconformance

PAGE = 100


def _replies(team_id):
    return (Comment.team_id == team_id, Comment.record_type == "nc", Comment.record_id == Nonconformance.record_id,
            Comment.deleted_at.is_(None))


def _stale_where(team_id, cutoff) -> tuple:
    replied_since = exists().where(*_replies(team_id), Comment.created_at >= cutoff)
    return (Nonconformance.team_id == team_id, Nonconformance.status.in_(OPEN), Nonconformance.updated_at < cutoff,
            ~replied_since)


# What a stale NC's mention shows (digest list, reminder DM): not the whole record.
SHOWN = (Nonconformance.id, Nonconformance.record_id, Nonconformance.title, Nonconformance.owner,
         Nonconformance.reporter, Nonconformance.updated_at)

# Built once (the digest and every reminder sweep run them), with the workspace and cutoff as parameters.
_TEAM, _CUTOFF = bindparam("team_id"), bindparam("cutoff")
_LAST_REPLY = select(func.max(Comment.created_at)).where(*_replies(_TEAM)).scalar_subquery()
_STALE = (select(*SHOWN, _LAST_REPLY.label("replied_at")).where(*_stale_where(_TEAM, _CUTOFF))
          .order_by(Nonconformance.updated_at, Nonconformance.id))


def _oldest_changed_first() -> Select:
    """The first `limit` stale NCs by last change: per open status, one index range already in that order
    (ix_nonconformance_activity), merged. With the statuses in one IN, PostgreSQL sorted every open NC."""
    branches = [select(Nonconformance.id, Nonconformance.updated_at).where(
        Nonconformance.team_id == _TEAM, Nonconformance.status == status, Nonconformance.updated_at < _CUTOFF,
        ~exists().where(*_replies(_TEAM), Comment.created_at >= _CUTOFF))
        .order_by(Nonconformance.updated_at, Nonconformance.id).limit(bindparam("limit")) for status in OPEN]
    first = union_all(*(select(branch.subquery().c.id) for branch in branches)).subquery()
    return (select(*SHOWN, _LAST_REPLY.label("replied_at")).join(first, first.c.id == Nonconformance.id)
            .order_by(Nonconformance.updated_at, Nonconformance.id).limit(bindparam("limit")))


_STALE_PAGE = _oldest_changed_first()
_ACTIVITY = case((_LAST_REPLY > Nonconformance.updated_at, _LAST_REPLY), else_=Nonconformance.updated_at)
_STALE_BY_ACTIVITY = (select(*SHOWN, _ACTIVITY.label("activity")).where(*_stale_where(_TEAM, _CUTOFF))
                      .order_by(_ACTIVITY, Nonconformance.id).limit(bindparam("limit")))
_STALE_COUNTS = select(
    select(func.count()).select_from(Nonconformance).where(  # open NCs changed since the cutoff
        Nonconformance.team_id == _TEAM, Nonconformance.status.in_(OPEN), Nonconformance.updated_at >= _CUTOFF)
    .scalar_subquery(),
    select(func.count(func.distinct(Nonconformance.id))).select_from(Comment).join(  # the others replied to since
        Nonconformance, Nonconformance.record_id == Comment.record_id).where(
        Comment.team_id == _TEAM, Comment.record_type == "nc", Comment.deleted_at.is_(None),
        Comment.created_at >= _CUTOFF, Nonconformance.team_id == _TEAM, Nonconformance.status.in_(OPEN),
        Nonconformance.updated_at < _CUTOFF).scalar_subquery())


def stale(session: Session, *, team_id: str, now: datetime, stale_days: int,
          limit: int | None = None) -> list[tuple[Row, datetime]]:
    """Stale open NCs (id, record_id, title, owner, reporter, updated_at) with when they last saw activity,
    oldest first (no statement per NC)."""
    connection, values = session.connection(), {"team_id": team_id, "cutoff": now - timedelta(days=stale_days)}
    page = connection.execute(_STALE_PAGE, {**values, "limit": PAGE}).all() if limit else \
        connection.execute(_STALE, values).all()
    found = sorted(((row, max(row.updated_at, row.replied_at or row.updated_at)) for row in page),
                   key=lambda pair: (pair[1], pair[0].id))
    if limit and len(page) == PAGE and (len(found) < limit or found[limit - 1][1] > page[-1].updated_at):
        found = [(row, row.activity) for row in connection.execute(_STALE_BY_ACTIVITY, {**values, "limit": limit})]
    return found[:limit] if limit else found


def stale_count(session: Session, *, team_id: str, now: datetime, stale_days: int,
                open_now: int | None = None) -> int:
    """Open NCs unchanged since the cutoff, less those replied to since (few). The unchanged ones are the
    open total (the tally, or `open_now` when the caller has it) less those changed since: a short index
    range, where counting the unchanged ones walked nearly every open NC."""
    if open_now is None:
        open_now = tally.open_total(session, team_id=team_id)
    changed, replied = session.connection().execute(_STALE_COUNTS, {
        "team_id": team_id, "cutoff": now - timedelta(days=stale_days)}).one()
    return open_now - (changed or 0) - (replied or 0)


def stale_ncs(session: Session, *, team_id: str, now: datetime, stale_days: int) -> list[tuple[Row, datetime]]:
    """The reminder sweep's name for `stale`: every stale open NC, oldest activity first."""
    return stale(session, team_id=team_id, now=now, stale_days=stale_days)

