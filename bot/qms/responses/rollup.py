"""First responses counted per month and time bucket, kept as replies arrive: the median over months and
quarters (an objective's measure) reads a few hundred rows whatever the number of messages.

Buckets are a minute wide up to an hour, five minutes up to ten hours, half an hour up to a hundred, then
an hour: a median is exact to within half a bucket.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from bot.qms.rows import insert_ignore
from models import ResponseMonth

STEPS = ((3600, 60), (36_000, 300), (360_000, 1800))  # (below this many seconds, buckets this wide)
WIDEST = 3600


def width_at(seconds: int) -> int:
    return next((width for limit, width in STEPS if seconds < limit), WIDEST)


def bucket_of(seconds: int) -> int:
    return seconds - seconds % width_at(seconds)


def month_of(moment: datetime, timezone: str) -> date:
    return moment.astimezone(ZoneInfo(timezone)).date().replace(day=1)


def count_answer(session: Session, *, team_id: str, posted_at: datetime, seconds: int, timezone: str,
                 change: int = 1) -> None:
    """One more (or, for a deleted message, one fewer) first response of `seconds` in its month."""
    key = {"team_id": team_id, "month": month_of(posted_at, timezone), "bucket": bucket_of(seconds)}
    insert_ignore(session, ResponseMonth, **key, answered=0)
    session.execute(update(ResponseMonth).where(*(getattr(ResponseMonth, name) == value for name, value in key.items()))
                    .values(answered=ResponseMonth.answered + change).execution_options(synchronize_session=False))


def medians(session: Session, *, team_id: str, windows: Sequence[Sequence[date]]) -> dict[int, int]:
    """window index -> the median first response (working seconds, a bucket's middle) over its months
    (each window: the first days of its months, windows not overlapping). One statement, summed by window
    and bucket in the database: a few hundred small rows."""
    months = sorted({month for window in windows for month in window})
    if not months:
        return {}
    index = case(*((ResponseMonth.month.in_(list(window)), number) for number, window in enumerate(windows)
                   if window), else_=-1).label("window")
    rows = session.execute(select(index, ResponseMonth.bucket, func.sum(ResponseMonth.answered)).where(
        ResponseMonth.team_id == team_id, ResponseMonth.month.in_(months), ResponseMonth.answered > 0)
        .group_by(index, ResponseMonth.bucket)).all()
    histograms: dict[int, list[tuple[int, int]]] = {}
    for number, bucket, answered in rows:
        histograms.setdefault(number, []).append((bucket, int(answered)))
    found = {}
    for number, histogram in histograms.items():
        histogram.sort()
        rank, seen = (sum(n for _, n in histogram) + 1) // 2, 0  # nearest rank
        for bucket, n in histogram:
            seen += n
            if seen >= rank:
                found[number] = bucket + width_at(bucket) // 2
                break
    return found
