"""Small pieces every digest input uses: counting per period in one statement, ages, medians."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from statistics import median

from sqlalchemy import Float, case, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.functions import FunctionElement

from bot.qms.inputs import Period

TOP = 5  # records named per list; the rest are "and N more"


def windows(period: Period) -> list[tuple[datetime, datetime]]:
    """This period then the previous ones, newest first."""
    return [(period.start, period.end), *period.previous]


def earliest(period: Period) -> datetime:
    return min(start for start, _ in windows(period))


def counts_per_window(column: InstrumentedAttribute, period: Period) -> list:
    """SELECT columns counting rows whose `column` falls in each window (one statement for all)."""
    return [func.coalesce(func.sum(case(((column >= start) & (column < end), 1), else_=0)), 0)
            for start, end in windows(period)]


def totals_per_window(moment: InstrumentedAttribute, since: InstrumentedAttribute, period: Period) -> list:
    """SELECT columns: per window, how many rows' `moment` falls in it and the sum of their days from
    `since` to `moment` (one statement, summed by the database: no row is read into Python)."""
    columns = []
    for start, end in windows(period):
        inside = (moment >= start) & (moment < end)
        columns += [func.coalesce(func.sum(case((inside, 1), else_=0)), 0),
                    func.coalesce(func.sum(case((inside, days_between(since, moment)), else_=0.0)), 0.0)]
    return columns


class days_between(FunctionElement):
    """Days (fractional) from one timestamp column to another, as `days` computes them."""
    type = Float()
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_sqlite(element, compiler, **kw) -> str:
    since, until = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"(julianday({until}) - julianday({since}))"


@compiles(days_between, "postgresql")
def _days_postgresql(element, compiler, **kw) -> str:
    since, until = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({until} - {since})) / 86400.0)"


def bucket(moments: Iterable[tuple[datetime, float]], period: Period) -> list[list[float]]:
    """Values keyed by when they happened, sorted into the period's windows (newest first)."""
    spans = windows(period)
    buckets: list[list[float]] = [[] for _ in spans]
    for moment, value in moments:
        for index, (start, end) in enumerate(spans):
            if start <= moment < end:
                buckets[index].append(value)
                break
    return buckets


def days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400


def mean_of(total: float, count: int) -> float | None:
    """Mean days, to a tenth, from a window's sum and count (totals_per_window)."""
    return round(total / count, 1) if count else None


def median_days(values: Sequence[float]) -> float | None:
    return round(median(values), 1) if values else None


def age_days(since: datetime | date, now: datetime) -> int:
    start = since.date() if isinstance(since, datetime) else since
    return max(0, (now.date() - start).days)


def breakdown(counts: dict[str, int], limit: int = 8) -> str:
    """'Delivery 3 · Sales 2 · +2 more' (largest first); '0' when empty."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    shown = " · ".join(f"{name} {count}" for name, count in ranked[:limit])
    return (shown + (f" · +{len(ranked) - limit} more" if len(ranked) > limit else "")) or "0"
