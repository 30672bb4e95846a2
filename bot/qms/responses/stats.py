"""First response figures, in a fixed number of statements whatever the number of messages: the median and
90th percentile (nearest rank, by window functions in the database) and what is unanswered past the
target (one comparison against the moment the target was passed)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from bot.qms.responses.hours import Calendar
from models import CustomerMessage

Window = tuple[datetime, datetime]


@dataclass(frozen=True)
class Times:
    answered: int = 0
    median_seconds: int | None = None
    p90_seconds: int | None = None


def bucket_of(column, windows: Sequence[Window]):
    """Which of the (non-overlapping) windows a moment falls in: its index, or -1."""
    return case(*((and_(column >= start, column < end), index) for index, (start, end) in enumerate(windows)),
                else_=-1).label("bucket")


def span_of(column, windows: Sequence[Window]):
    return and_(column >= min(w[0] for w in windows), column < max(w[1] for w in windows))


def percentiles(session: Session, *, team_id: str, windows: Sequence[Window], by_channel: bool = False,
                channels: Sequence[str] | None = None) -> dict[tuple[int, str | None], Times]:
    """(window index, channel or None) -> answered messages posted in that window, with their median and 90th
    percentile first response (working seconds). One statement."""
    if not windows:
        return {}
    posted = CustomerMessage.posted_at
    bucket = bucket_of(posted, windows)
    channel = CustomerMessage.channel_id if by_channel else None
    keys = [bucket] + ([channel] if by_channel else [])
    conditions = [CustomerMessage.team_id == team_id, CustomerMessage.working_seconds.is_not(None),
                  CustomerMessage.deleted.is_(False), span_of(posted, windows)]
    if channels is not None:
        conditions.append(CustomerMessage.channel_id.in_(list(channels)))
    ranked = select(*keys, CustomerMessage.working_seconds.label("seconds"),
                    func.row_number().over(partition_by=keys, order_by=CustomerMessage.working_seconds).label("rank"),
                    func.count().over(partition_by=keys).label("n")).where(*conditions).subquery()
    median_rank, p90_rank = (ranked.c.n + 1) // 2, (ranked.c.n * 9 + 9) // 10  # nearest rank
    rows = session.execute(select(ranked).where(ranked.c.bucket >= 0, (ranked.c.rank == median_rank)
                                                | (ranked.c.rank == p90_rank))).all()
    found: dict[tuple[int, str | None], dict] = {}
    for row in rows:
        key = (row.bucket, row.channel_id if by_channel else None)
        entry = found.setdefault(key, {"answered": row.n})
        if row.rank == (row.n + 1) // 2:
            entry["median_seconds"] = row.seconds
        if row.rank == (row.n * 9 + 9) // 10:
            entry["p90_seconds"] = row.seconds
    return {key: Times(**entry) for key, entry in found.items()}


def unanswered_past(session: Session, *, team_id: str, calendar: Calendar, target_hours: float, now: datetime,
                    channels: Sequence[str] | None = None) -> dict[str, int]:
    """channel -> customer messages still unanswered after `target_hours` working hours. One statement."""
    cutoff = calendar.back_from(now, target_hours * 3600)
    query = select(CustomerMessage.channel_id, func.count()).where(
        CustomerMessage.team_id == team_id, CustomerMessage.answered_at.is_(None),
        CustomerMessage.deleted.is_(False), CustomerMessage.posted_at < cutoff)
    if channels is not None:
        query = query.where(CustomerMessage.channel_id.in_(list(channels)))
    return dict(session.execute(query.group_by(CustomerMessage.channel_id)).all())
