"""The management review's c1 input (ISO 9001 9.3.2 c1, 9.1.2): customer satisfaction and response times.

Feedback count and average score with their trend over the previous four periods, the average per
customer with at least three responses, low scores and what followed them, and per customer channel
the median and 90th percentile first response and what is unanswered past the target. A fixed number
of statements whatever the number of records.
"""
from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from bot.qms import workspaces
from bot.qms.feedback.rules import SCALE_LABELS, SCALES
from bot.qms.inputs import Figure, InputGroup, ItemList, ItemRef, Period
from bot.qms.responses import channels as customer_channels
from bot.qms.responses.hours import calendar_of
from bot.qms.responses.stats import channel_times, unanswered_past
from bot.qms.reviews.figures import union_per_window, window_values, windows
from bot.qms.rows import first_with_total
from models import Feedback

KEY, TITLE = "c1", "Customer satisfaction and response times"
REGULARS = 3  # a customer with at least this many responses in the period gets its own average
SHOWN = 10


def review_input(session: Session, *, team_id: str, period: Period, now: datetime,
                 settings: workspaces.WorkspaceSettings | None = None) -> InputGroup:
    settings = workspaces.settings_or_stored(session, team_id=team_id, settings=settings)
    scale = settings.feedback_scale
    figures = [*_scores(session, team_id, scale, period), *_customers(session, team_id, scale, period)]
    lows = _low_scores(session, team_id, scale, period)
    figures += _response_times(session, team_id, settings, period, now)
    if not figures[0].value and not lows.items and len(figures) == 2:
        return InputGroup(KEY, TITLE, tuple(figures), note="Quiet: no customer feedback was logged this period.")
    return InputGroup(KEY, TITLE, tuple(figures), (lows,))


def _scores(session, team_id, scale, period) -> list[Figure]:
    spans = windows(period)
    found = {row[-1]: row[:-1] for row in session.connection().execute(_per_window(len(spans)), {
        "team_id": team_id, "scale": scale, **window_values(period)})}
    counts = [found.get(index, (0, None))[0] for index in range(len(spans))]
    averages = [None if found.get(index, (0, None))[1] is None else round(float(found[index][1]), 2)
                for index in range(len(spans))]
    return [Figure("Feedback received", counts[0], tuple(counts[1:])),
            Figure(f"Average score, {SCALE_LABELS[scale]}", averages[0], tuple(averages[1:]))]


def _customers(session, team_id, scale, period) -> list[Figure]:
    rows = session.connection().execute(_REGULARS, {"team_id": team_id, "scale": scale, "start": period.start,
                                                    "end": period.end}).all()
    return [Figure(f"{name}: average of {count} responses", round(float(average), 2))
            for _, name, count, average in rows]


def _low_scores(session, team_id, scale, period) -> ItemList:
    rows = session.connection().execute(_LOW, {"team_id": team_id, "scale": scale, "low": SCALES[scale][2],
                                               "start": period.start, "end": period.end}).all()
    items = tuple(ItemRef("feedback", record.record_id, f"{record.customer}: {record.score}/{SCALES[scale][1]}",
                          owner=record.logged_by,
                          note=f"{record.raised_nc} raised" if record.raised_nc else "no nonconformance raised")
                  for record in rows)
    more = rows[0].total - len(items) if rows else 0
    return ItemList("Low scores and what followed", items, more)


# Built once (every digest runs them), with the workspace, scale and period as parameters.
_SCALE = (Feedback.team_id == bindparam("team_id"), Feedback.scale == bindparam("scale"))
_PERIOD = (Feedback.created_at >= bindparam("start"), Feedback.created_at < bindparam("end"))


@cache
def _per_window(count: int):
    """Per window (one index range each): how much feedback, and its average score."""
    return union_per_window(count, lambda start, end: select(func.count(), func.avg(Feedback.score)).where(
        *_SCALE, Feedback.created_at >= start, Feedback.created_at < end))


_N = func.count().label("n")
_REGULARS = (select(Feedback.customer_id, func.max(Feedback.customer), _N, func.avg(Feedback.score))
             .where(*_SCALE, *_PERIOD).group_by(Feedback.customer_id).having(func.count() >= REGULARS)
             .order_by(_N.desc()).limit(SHOWN))
_LOW_WHERE = (*_SCALE, Feedback.score <= bindparam("low"), *_PERIOD)
_LOW = first_with_total(Feedback, (Feedback.record_id, Feedback.customer, Feedback.score, Feedback.logged_by,
                                   Feedback.raised_nc), _LOW_WHERE, order_by=(Feedback.score, Feedback.created_at),
                        limit=SHOWN)


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
