"""c4) Nonconformities and corrective actions, for the digest (ISO 9001 9.3.2 c 4): a fixed number of
statements whatever the number of records."""
from __future__ import annotations

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, literal, select
from sqlalchemy.orm import Session

from bot.qms import workspaces
from bot.qms.inputs import Figure, InputGroup, ItemList, ItemRef, Period
from bot.qms.nc import activity, tally
from bot.qms.reviews import figures as windowed
from bot.qms.reviews.figures import TOP, age_days, breakdown, days_between, mean_of, windows
from bot.qms.rows import first_with_total
from models import Nonconformance

TITLE = "c4) Nonconformities and corrective actions"
SEVERITIES = ("critical", "major", "minor")


def review_input(session: Session, *, team_id: str, period: Period, now: datetime,
                 settings: workspaces.WorkspaceSettings | None = None) -> InputGroup:
    settings = workspaces.settings_or_stored(session, team_id=team_id, settings=settings)
    today = now.astimezone(ZoneInfo(settings.timezone)).date()
    connection, spans = session.connection(), windows(period)
    opened, closed = [0] * len(spans), [(0, None)] * len(spans)
    for kind, count, total, index in connection.execute(_per_window(len(spans)),
                                                        {"team_id": team_id, **windowed.window_values(period)}):
        if kind == OPENED:
            opened[index] = count
        else:
            closed[index] = (count, total)
    open_counts = tally.open_counts(session, team_id=team_id)
    by_severity, by_process = _sums(open_counts, 0), _sums(open_counts, 1)
    overdue = connection.execute(_OVERDUE, {"team_id": team_id, "today": today}).all()
    overdue_count = overdue[0].total if overdue else 0
    stale_count = activity.stale_count(session, team_id=team_id, now=now, stale_days=settings.stale_days,
                                       open_now=sum(open_counts.values()))
    stale = activity.stale(session, team_id=team_id, now=now, stale_days=settings.stale_days, limit=TOP)
    figures = (
        Figure("Opened", opened[0], tuple(opened[1:])),
        Figure("Closed", closed[0][0], tuple(count for count, _ in closed[1:])),
        Figure("Mean days to close", *_means(closed)),
        Figure("Open now", sum(open_counts.values())),
        Figure("Open by severity", breakdown({name: by_severity.get(name, 0) for name in SEVERITIES
                                              if by_severity.get(name)})),
        Figure("Open by process", breakdown(by_process)),
        Figure("Corrective actions overdue", overdue_count),
        Figure(f"Stale (no activity for {settings.stale_days} days)", stale_count),
    )
    lists = (
        ItemList("Corrective actions overdue", tuple(
            ItemRef("nc", record.record_id, record.title, record.owner, age_days(record.due_date, now),
                    f"due {record.due_date:%d %b}") for record in overdue), max(0, overdue_count - len(overdue))),
        ItemList("Stale, oldest first", tuple(
            ItemRef("nc", record.record_id, record.title, record.owner or record.reporter, age_days(moment, now),
                    f"no activity since {moment:%d %b}") for record, moment in stale),
            max(0, stale_count - len(stale))),
    )
    return InputGroup("c4", TITLE, figures, tuple(entry for entry in lists if entry.items))


OPENED, CLOSED = 0, 1


@cache
def _per_window(count: int):
    """Per window (one index range each): NCs opened; NCs closed and their summed days to close."""
    mine = Nonconformance.team_id == bindparam("team_id")
    return windowed.union_per_window(
        count,
        lambda start, end: select(literal(OPENED), func.count(), literal(None)).where(
            mine, Nonconformance.created_at >= start, Nonconformance.created_at < end),
        lambda start, end: select(literal(CLOSED), func.count(), func.sum(
            days_between(Nonconformance.created_at, Nonconformance.closed_at))).where(
            mine, Nonconformance.status == "closed", Nonconformance.closed_at >= start, Nonconformance.closed_at < end))


# The first few corrective actions past due, each row carrying how many there are in all.
_OVERDUE = first_with_total(
    Nonconformance, (Nonconformance.record_id, Nonconformance.title, Nonconformance.owner, Nonconformance.due_date),
    (Nonconformance.team_id == bindparam("team_id"), Nonconformance.status == "action",
     Nonconformance.due_date < bindparam("today")), order_by=(Nonconformance.due_date, Nonconformance.id), limit=TOP)


def _means(closed: list[tuple[int, float | None]]) -> tuple:
    means = [mean_of(total or 0.0, count) for count, total in closed]
    return means[0], tuple(means[1:])


def _sums(counts: dict[tuple[str, str], int], part: int) -> dict[str, int]:
    """Open NCs per severity (part 0) or per process (part 1), from the (severity, process) tally."""
    sums: dict[str, int] = {}
    for key, count in counts.items():
        sums[key[part]] = sums.get(key[part], 0) + count
    return sums
