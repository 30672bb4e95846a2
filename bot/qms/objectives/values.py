"""Every objective's value for its current period and the four before it, with its status.

Statements are per measure and period kind in use (at most a couple of dozen), never per objective or
per record: counts and averages are grouped in the database by period; the rest reads one narrow row
set per measure and computes every objective's value from it.
"""
from __future__ import annotations

import importlib
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from bot.qms.objectives.measures import MANUAL, NCS_CLOSED_WITHIN, meets
from bot.qms.objectives.periods import months_of, periods
from bot.qms.responses.rollup import medians
from bot.qms.responses.stats import bucket_of, span_of
from models import ApprovalRequest, Feedback, Nonconformance, Objective, ObjectiveValue

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
    groups: dict[tuple[str, str], list[Window]] = {}
    for objective in objectives:
        groups.setdefault((objective.measure, objective.period),
                          [(start, end) for _, start, end in windows_of[objective.id]])
    computed: dict[tuple[str, str], dict] = {}
    for (measure, kind), windows in groups.items():
        if measure != MANUAL:
            computed[(measure, kind)] = COMPUTE[measure](session, team_id, windows, now, timezone)
    manual = _manual(session, team_id, [o.id for o in objectives if o.measure == MANUAL])
    found = {}
    for objective in objectives:
        values = computed.get((objective.measure, objective.period), {})
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


def _csat(session, team_id, windows, now, timezone) -> dict:
    bucket = bucket_of(Feedback.created_at, windows)
    rows = session.execute(select(bucket, func.avg(Feedback.score)).where(
        Feedback.team_id == team_id, Feedback.scale == "csat", span_of(Feedback.created_at, windows))
        .group_by(bucket)).all()
    return {windows[index]: round(float(average), 2) for index, average in rows if index >= 0}


def _nps(session, team_id, windows, now, timezone) -> dict:
    """Promoters (9–10) minus detractors (0–6), as a share of all NPS answers, in points."""
    bucket = bucket_of(Feedback.created_at, windows)
    promoters = func.sum(case((Feedback.score >= 9, 1), else_=0))
    detractors = func.sum(case((Feedback.score <= 6, 1), else_=0))
    rows = session.execute(select(bucket, promoters, detractors, func.count()).where(
        Feedback.team_id == team_id, Feedback.scale == "nps", span_of(Feedback.created_at, windows))
        .group_by(bucket)).all()
    return {windows[index]: round(100 * (int(up) - int(down)) / total) for index, up, down, total in rows
            if index >= 0 and total}


def _closed_within(session, team_id, windows, now, timezone) -> dict:
    """window -> how long each NC reported in it (rejected ones aside) took to close, in days (None: open)."""
    rows = session.execute(select(Nonconformance.created_at, Nonconformance.closed_at).where(
        Nonconformance.team_id == team_id, Nonconformance.status != "rejected",
        span_of(Nonconformance.created_at, windows))).all()
    return {window: [(row.closed_at - row.created_at).total_seconds() / 86400 if row.closed_at else None
                     for row in rows if window[0] <= row.created_at < window[1]] for window in windows}


def share_within(ages: list[float | None] | None, days: int | None) -> float | None:
    """The share (%) of NCs closed within `days` days of being reported."""
    if not ages or not days:
        return None
    return round(100 * sum(1 for age in ages if age is not None and age <= days) / len(ages), 1)


def _overdue(session, team_id, windows, now, timezone) -> dict:
    """Corrective actions past their due date and not closed, as things stood at each period's end (or now)."""
    earliest = min(w[0] for w in windows)
    rows = session.execute(select(Nonconformance.due_date, Nonconformance.closed_at).where(
        Nonconformance.team_id == team_id, Nonconformance.due_date.is_not(None),
        Nonconformance.status != "rejected",
        or_(Nonconformance.closed_at.is_(None), Nonconformance.closed_at >= earliest))).all()
    found = {}
    for window in windows:
        as_of = min(window[1], now)
        today = as_of.astimezone(ZoneInfo(timezone)).date()
        found[window] = sum(1 for row in rows if row.due_date < today and (row.closed_at is None
                                                                            or row.closed_at > as_of))
    return found


def _decision_hours(session, team_id, windows, now, timezone) -> dict:
    rows = session.execute(select(ApprovalRequest.created_at, ApprovalRequest.closed_at).where(
        ApprovalRequest.team_id == team_id, ApprovalRequest.status.in_(("approved", "rejected")),
        span_of(ApprovalRequest.closed_at, windows))).all()
    found = {}
    for window in windows:
        hours = [(row.closed_at - row.created_at).total_seconds() / 3600 for row in rows
                 if window[0] <= row.closed_at < window[1]]
        if hours:
            found[window] = round(statistics.median(hours), 1)
    return found


def _first_response(session, team_id, windows, now, timezone) -> dict:
    """From the monthly counts (bot.qms.responses.rollup): periods are whole months in the workspace's timezone."""
    months = [months_of(start, end, timezone) for start, end in windows]
    return {windows[index]: round(seconds / 3600, 1) for index, seconds in medians(
        session, team_id=team_id, windows=months).items()}


def _knowledge_overdue(session, team_id, windows, now, timezone) -> dict:
    """From the knowledge feature, when it is there: `bot.qms.knowledge.reviews_overdue(session, team_id=, at=)`."""
    try:
        knowledge = importlib.import_module("bot.qms.knowledge")
    except ImportError:
        return {}
    overdue = getattr(knowledge, "reviews_overdue", None)
    if overdue is None:
        return {}
    return {window: overdue(session, team_id=team_id, at=min(window[1], now)) for window in windows[:1]}


def _manual(session, team_id, objective_ids: list[int]) -> dict[tuple[int, date], float]:
    if not objective_ids:
        return {}
    rows = session.execute(select(ObjectiveValue.objective_id, ObjectiveValue.period_start, ObjectiveValue.value)
                           .where(ObjectiveValue.team_id == team_id, ObjectiveValue.objective_id.in_(objective_ids)))
    return {(row.objective_id, row.period_start): row.value for row in rows}


COMPUTE = {"csat_average": _csat, "nps": _nps, NCS_CLOSED_WITHIN: _closed_within, "overdue_actions": _overdue,
           "approval_decision_hours": _decision_hours, "first_response_hours": _first_response,
           "knowledge_reviews_overdue": _knowledge_overdue}
