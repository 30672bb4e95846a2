"""The management review's c1 input (ISO 9001 9.3.2 c1, 9.1.2): customer satisfaction and response times.

Feedback count and average score with their trend over the previous four periods, the average per
customer with at least three responses, low scores and what followed them, and per customer channel
the median and 90th percentile first response and what is unanswered past the target. A fixed number
of statements whatever the number of records.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.qms import workspaces
from bot.qms.feedback.rules import SCALE_LABELS, SCALES
from bot.qms.inputs import Figure, InputGroup, ItemList, ItemRef, Period
from bot.qms.responses import channels as customer_channels
from bot.qms.responses.hours import calendar_of
from bot.qms.responses.stats import channel_times, per_window, unanswered_past
from models import Feedback

KEY, TITLE = "c1", "Customer satisfaction and response times"
REGULARS = 3  # a customer with at least this many responses in the period gets its own average
SHOWN = 10


def review_input(session: Session, *, team_id: str, period: Period, now: datetime,
                 settings: workspaces.WorkspaceSettings | None = None) -> InputGroup:
    settings = workspaces.settings_or_stored(session, team_id=team_id, settings=settings)
    scale = settings.feedback_scale
    windows = [(period.start, period.end), *period.previous]
    figures = [*_scores(session, team_id, scale, windows), *_customers(session, team_id, scale, period)]
    lows = _low_scores(session, team_id, scale, period)
    figures += _response_times(session, team_id, settings, period, now)
    if not figures[0].value and not lows.items and len(figures) == 2:
        return InputGroup(KEY, TITLE, tuple(figures), note="Quiet: no customer feedback was logged this period.")
    return InputGroup(KEY, TITLE, tuple(figures), (lows,))


def _scores(session, team_id, scale, windows) -> list[Figure]:
    found = per_window(session, Feedback.created_at, windows, (func.count(), func.avg(Feedback.score)),
                       Feedback.team_id == team_id, Feedback.scale == scale)
    counts = [found.get(index, (0, None))[0] for index in range(len(windows))]
    averages = [None if found.get(index, (0, None))[1] is None else round(float(found[index][1]), 2)
                for index in range(len(windows))]
    return [Figure("Feedback received", counts[0], tuple(counts[1:])),
            Figure(f"Average score, {SCALE_LABELS[scale]}", averages[0], tuple(averages[1:]))]


def _customers(session, team_id, scale, period) -> list[Figure]:
    n = func.count().label("n")
    rows = session.execute(select(Feedback.customer_id, func.max(Feedback.customer), n, func.avg(Feedback.score))
                           .where(Feedback.team_id == team_id, Feedback.scale == scale,
                                  Feedback.created_at >= period.start, Feedback.created_at < period.end)
                           .group_by(Feedback.customer_id).having(func.count() >= REGULARS)
                           .order_by(n.desc()).limit(SHOWN)).all()
    return [Figure(f"{name}: average of {count} responses", round(float(average), 2))
            for _, name, count, average in rows]


def _low_scores(session, team_id, scale, period) -> ItemList:
    total = func.count().over().label("total")
    rows = session.execute(select(Feedback, total).where(
        Feedback.team_id == team_id, Feedback.scale == scale, Feedback.score <= SCALES[scale][2],
        Feedback.created_at >= period.start, Feedback.created_at < period.end)
        .order_by(Feedback.score, Feedback.created_at).limit(SHOWN)).all()
    items = tuple(ItemRef("feedback", record.record_id, f"{record.customer}: {record.score}/{SCALES[scale][1]}",
                          owner=record.logged_by,
                          note=f"{record.raised_nc} raised" if record.raised_nc else "no nonconformance raised")
                  for record, _ in rows)
    more = rows[0].total - len(items) if rows else 0
    return ItemList("Low scores and what followed", items, more)


def _response_times(session, team_id, settings, period, now) -> list[Figure]:
    """Per customer channel, this period's median and 90th percentile first response, and what waits."""
    channels = settings.customer_channels
    if not channels:
        return []
    times = channel_times(session, team_id=team_id, start=period.start, end=period.end, channels=channels)
    waiting = unanswered_past(session, team_id=team_id, calendar=calendar_of(settings),
                              target_hours=settings.response_target_hours, now=now, channels=channels)
    names = customer_channels.names(session, team_id=team_id, channel_ids=channels)

    def hours(channel, field):
        found = getattr(times.get(channel), field, None)
        return None if found is None else round(found / 3600, 1)

    figures = []
    for channel in channels:
        name = f"#{names.get(channel) or channel}"
        figures += [Figure(f"{name}: median first response, working hours", hours(channel, "median_seconds")),
                    Figure(f"{name}: 90th percentile, working hours", hours(channel, "p90_seconds")),
                    Figure(f"{name}: unanswered past {settings.response_target_hours:g} working hours",
                           waiting.get(channel, 0))]
    return figures
