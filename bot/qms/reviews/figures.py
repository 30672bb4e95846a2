"""Small pieces every digest input uses: the period's windows, days between two moments in SQL, ages, means,
medians."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from statistics import median

from sqlalchemy import BindParameter, CompoundSelect, Float, Select, bindparam, literal, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from bot.qms.inputs import Period

TOP = 5  # records named per list; the rest are "and N more"


def windows(period: Period) -> list[tuple[datetime, datetime]]:
    """This period then the previous ones, newest first."""
    return [(period.start, period.end), *period.previous]


def earliest(period: Period) -> datetime:
    return min(start for start, _ in windows(period))


# The digest runs every input's statements each week and on every `/qms digest`: they are built once, with
# the period's windows as parameters (start0, end0 for this period, then start1, end1, …), so a run spends
# its time in the database rather than building and keying SQL.
def window_bounds(index: int) -> tuple[BindParameter, BindParameter]:
    return bindparam(f"start{index}"), bindparam(f"end{index}")


def union_per_window(count: int, *branches: Callable[[BindParameter, BindParameter], Select]) -> CompoundSelect:
    """Each branch (given a window's start and end parameters) once per window, in one UNION ALL: one index
    range each. Every row ends in its window's index (0: this period)."""
    return union_all(*(branch(*window_bounds(index)).add_columns(literal(index).label("window"))
                       for index in range(count) for branch in branches))


def window_values(period: Period) -> dict[str, datetime]:
    values: dict[str, datetime] = {}
    for index, (start, end) in enumerate(windows(period)):
        values[f"start{index}"], values[f"end{index}"] = start, end
    return values


class days_between(FunctionElement):
    """Days (fractional) from one timestamp column to another, computed by the database."""
    type = Float()
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_sqlite(element, compiler, **kw) -> str:
    since, until = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"(julianday({until}) - julianday({since}))"


@compiles(days_between, "postgresql")
def _days_postgresql(element, compiler, **kw) -> str:
    since, until = (compiler.process(argument, **kw) for argument in element.clauses)
    # float8: EXTRACT gives numeric (Decimal in Python), and digest figures are frozen as JSON
    return f"(EXTRACT(EPOCH FROM ({until} - {since}))::float8 / 86400.0)"


def mean_of(total: float, count: int) -> float | None:
    """Mean days, to a tenth, from a window's sum and count (the digest's per-window sums)."""
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
