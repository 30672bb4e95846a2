"""First response figures, in a fixed number of statements whatever the number of messages: per channel the
median and 90th percentile (nearest rank) and what is unanswered past the target (one comparison against
the moment the target was passed); and sums per period, for any table."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, literal, select, union_all
from sqlalchemy.orm import Session

from bot.qms.responses.hours import Calendar
from models import CustomerMessage

Window = tuple[datetime, datetime]


@dataclass(frozen=True)
class Times:
    answered: int = 0
    median_seconds: int | None = None
    p90_seconds: int | None = None


def span_of(column, windows: Sequence[Window]):
    """From the earliest window's start to the latest one's end."""
    return and_(column >= min(w[0] for w in windows), column < max(w[1] for w in windows))


def per_window(session: Session, moment, windows: Sequence[Window], columns: Sequence, *conditions) -> dict[int, tuple]:
    """window index -> the aggregate `columns` over the rows whose `moment` falls in that window: one statement,
    a UNION ALL of one index range per window (no per-row CASE)."""
    if not windows:
        return {}
    parts = [select(literal(index).label("window"), *columns).where(*conditions, moment >= start, moment < end)
             for index, (start, end) in enumerate(windows)]
    return {row[0]: tuple(row[1:]) for row in session.execute(union_all(*parts)).all()}


def nearest_rank(ordered: Sequence[int], share: float) -> int:
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def channel_times(session: Session, *, team_id: str, start: datetime, end: datetime,
                  channels: Sequence[str]) -> dict[str, Times]:
    """channel -> messages posted in [start, end) and answered, with their median and 90th percentile first
    response (working seconds, nearest rank). One statement reading the covering index; the ranks are taken
    here (a period's answered messages: two small integers each)."""
    rows = session.connection().execute(select(CustomerMessage.channel_id, CustomerMessage.working_seconds).where(
        CustomerMessage.team_id == team_id, CustomerMessage.posted_at >= start, CustomerMessage.posted_at < end,
        CustomerMessage.deleted.is_(False), CustomerMessage.working_seconds.is_not(None),
        CustomerMessage.channel_id.in_(list(channels))))  # Core rows: no ORM layer over tens of thousands
    seconds: dict[str, list[int]] = {}
    for channel, value in rows:
        seconds.setdefault(channel, []).append(value)
    found = {}
    for channel, values in seconds.items():
        values.sort()
        found[channel] = Times(len(values), nearest_rank(values, 0.5), nearest_rank(values, 0.9))
    return found


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
