"""Every objective's value for its current period and the four before it, with its status.

Statements are per measure and period kind in use (at most a couple of dozen), never per objective or
per record: counts and averages are grouped in the database by period; the rest reads one narrow row
set per measure and computes every objective's value from it.
"""
from __future__ import annotations

import statistics
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from bot.qms.objectives.measures import MANUAL, NCS_CLOSED_WITHIN, meets
from bot.qms.objectives.periods import month_start, months_of, periods
from bot.qms.responses.rollup import medians
from bot.qms.responses.stats import per_window, span_of
from models import ApprovalRequest, Feedback, KnowledgeEntry, Nonconformance, Objective, ObjectiveValue

MET, AT_RISK, MISSED, NOT_MEASURED = "met", "at risk", "missed", "not measured"
Window = tuple[datetime, datetime]


@dataclass(frozen=True)
class PeriodValue:
    first_day: date
    start: datetime
    end: datetime
    value: float | None
    status: str


def status_of(objective: Objective, value: float | None, *, finished: bool) -> str:
    """Met when the value meets the target; a running period that does not yet is at risk, a finished one missed."""
    if value is None:
        return NOT_MEASURED
    if meets(objective, value):
        return MET
    return MISSED if finished else AT_RISK


def objective_values(session: Session, *, team_id: str, objectives: Sequence[Objective], now: datetime,
                     timezone: str) -> dict[int, list[PeriodValue]]:
    """objective id -> its current period's value then the four before it (newest first)."""
    windows_of = {objective.id: periods(objective.period, now, timezone) for objective in objectives}
    groups: dict[str, set[Window]] = {}  # measure -> every period (month or quarter) asked of it
    for objective in objectives:
        groups.setdefault(objective.measure, set()).update((start, end) for _, start, end in windows_of[objective.id])
    computed = {measure: COMPUTE[measure](session, team_id, sorted(windows), now, timezone)
                for measure, windows in groups.items() if measure != MANUAL}
    manual = _manual(session, team_id, [o.id for o in objectives if o.measure == MANUAL])
    found = {}
    for objective in objectives:
        values = computed.get(objective.measure, {})
        found[objective.id] = []
        for first_day, start, end in windows_of[objective.id]:
            if objective.measure == MANUAL:
                value = manual.get((objective.id, first_day))
            elif objective.measure == NCS_CLOSED_WITHIN:
                value = share_within(values.get((start, end)), objective.days)
            else:
                value = values.get((start, end))
            found[objective.id].append(PeriodValue(first_day, start, end, value,
                                                   status_of(objective, value, finished=end <= now)))
    return found


def _by_month(session, team_id, scale: str, windows: Sequence[Window], timezone: str, *columns) -> dict:
    """window -> the sums of `columns` over its months, from one statement grouped by month (periods are whole
    months in the workspace's timezone, so a quarter is its three months added up)."""
    months = sorted({month for start, end in windows for month in months_of(start, end, timezone)})
    bounds = [(month_start(month, timezone), month_start(month, timezone, 1)) for month in months]
    monthly = {bounds[index]: sums for index, sums in per_window(
        session, Feedback.created_at, bounds, columns, Feedback.team_id == team_id, Feedback.scale == scale).items()}
    found = {}
    for start, end in windows:
        inside = [sums for (month, _), sums in monthly.items() if start <= month < end]
        if inside:
            found[(start, end)] = [sum(int(sums[n] or 0) for sums in inside) for n in range(len(columns))]
    return found


def _csat(session, team_id, windows, now, timezone) -> dict:
    sums = _by_month(session, team_id, "csat", windows, timezone, func.sum(Feedback.score), func.count())
    return {window: round(total / n, 2) for window, (total, n) in sums.items() if n}


def _nps(session, team_id, windows, now, timezone) -> dict:
    """Promoters (9–10) minus detractors (0–6), as a share of all NPS answers, in points."""
    sums = _by_month(session, team_id, "nps", windows, timezone, func.sum(case((Feedback.score >= 9, 1), else_=0)),
                     func.sum(case((Feedback.score <= 6, 1), else_=0)), func.count())
    return {window: round(100 * (up - down) / n) for window, (up, down, n) in sums.items() if n}


def _in_windows(rows: list, windows: Sequence[Window]) -> dict[Window, list]:
    """Rows sorted by their first value (a moment), sliced per window without a pass over all of them each."""
    keys = [row[0] for row in rows]
    return {(start, end): rows[bisect_left(keys, start):bisect_left(keys, end)] for start, end in windows}


def _closed_within(session, team_id, windows, now, timezone) -> dict:
    """window -> how long each NC reported in it (rejected ones aside) took to close, in days (None: open)."""
    rows = session.connection().execute(select(Nonconformance.created_at, Nonconformance.closed_at).where(
        Nonconformance.team_id == team_id, Nonconformance.status != "rejected",
        span_of(Nonconformance.created_at, windows)).order_by(Nonconformance.created_at)).all()
    return {window: [(closed - created).total_seconds() / 86400 if closed else None for created, closed in inside]
            for window, inside in _in_windows(rows, windows).items()}


def share_within(ages: list[float | None] | None, days: int | None) -> float | None:
    """The share (%) of NCs closed within `days` days of being reported."""
    if not ages or not days:
        return None
    return round(100 * sum(1 for age in ages if age is not None and age <= days) / len(ages), 1)


def _overdue(session, team_id, windows, now, timezone) -> dict:
    """Corrective actions past their due date and not closed, as things stood at each period's end (or now):
    one row of counts."""
    zone, counts = ZoneInfo(timezone), []
    for _, end in windows:
        as_of = min(end, now)
        late = and_(Nonconformance.due_date < as_of.astimezone(zone).date(),
                    or_(Nonconformance.closed_at.is_(None), Nonconformance.closed_at > as_of))
        counts.append(func.sum(case((late, 1), else_=0)))
    row = session.execute(select(*counts).where(
        Nonconformance.team_id == team_id, Nonconformance.due_date.is_not(None), Nonconformance.status != "rejected",
        or_(Nonconformance.closed_at.is_(None), Nonconformance.closed_at >= min(w[0] for w in windows)))).one()
    return {window: int(count or 0) for window, count in zip(windows, row, strict=True)}


def _decision_hours(session, team_id, windows, now, timezone) -> dict:
    rows = session.connection().execute(select(ApprovalRequest.closed_at, ApprovalRequest.created_at).where(
        ApprovalRequest.team_id == team_id, ApprovalRequest.status.in_(("approved", "rejected")),
        span_of(ApprovalRequest.closed_at, windows)).order_by(ApprovalRequest.closed_at)).all()
    return {window: round(statistics.median((closed - created).total_seconds() / 3600 for closed, created in inside),
                          1) for window, inside in _in_windows(rows, windows).items() if inside}


def _first_response(session, team_id, windows, now, timezone) -> dict:
    """From the monthly counts (bot.qms.responses.rollup): periods are whole months in the workspace's timezone."""
    months = [months_of(start, end, timezone) for start, end in windows]
    return {windows[index]: round(seconds / 3600, 1) for index, seconds in medians(
        session, team_id=team_id, windows=months).items()}


def _knowledge_overdue(session, team_id, windows, now, timezone) -> dict:
    """Knowledge entries past their review date, now (their history is not kept, so earlier periods are not
    measured)."""
    current = [window for window in windows if window[0] <= now < window[1]]
    if not current:
        return {}
    count = session.scalar(select(func.count()).select_from(KnowledgeEntry).where(
        KnowledgeEntry.team_id == team_id, KnowledgeEntry.status == "current", KnowledgeEntry.next_review_at <= now))
    return {window: count for window in current}


def _manual(session, team_id, objective_ids: list[int]) -> dict[tuple[int, date], float]:
    if not objective_ids:
        return {}
    rows = session.execute(select(ObjectiveValue.objective_id, ObjectiveValue.period_start, ObjectiveValue.value)
                           .where(ObjectiveValue.team_id == team_id, ObjectiveValue.objective_id.in_(objective_ids)))
    return {(row.objective_id, row.period_start): row.value for row in rows}


COMPUTE = {"csat_average": _csat, "nps": _nps, NCS_CLOSED_WITHIN: _closed_within, "overdue_actions": _overdue,
           "approval_decision_hours": _decision_hours, "first_response_hours": _first_response,
           "knowledge_reviews_overdue": _knowledge_overdue}
