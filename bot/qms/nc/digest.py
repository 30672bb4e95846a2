"""c4) Nonconformities and corrective actions, for the digest (ISO 9001 9.3.2 c 4): a fixed number of
statements whatever the number of records."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.qms import workspaces
from bot.qms.inputs import Figure, InputGroup, ItemList, ItemRef, Period
from bot.qms.nc import activity
from bot.qms.nc.lifecycle import OPEN
from bot.qms.reviews.figures import TOP, age_days, breakdown, counts_per_window, earliest, mean_of, totals_per_window
from models import Nonconformance

TITLE = "c4) Nonconformities and corrective actions"
SEVERITIES = ("critical", "major", "minor")


def review_input(session: Session, *, team_id: str, period: Period, now: datetime) -> InputGroup:
    settings = workspaces.current(session, team_id=team_id)
    today = now.astimezone(ZoneInfo(settings.timezone)).date()
    opened = session.execute(select(*counts_per_window(Nonconformance.created_at, period)).where(
        Nonconformance.team_id == team_id, Nonconformance.created_at >= earliest(period),
        Nonconformance.created_at < period.end)).one()
    closed = session.execute(select(*totals_per_window(Nonconformance.closed_at, Nonconformance.created_at, period))
                             .where(Nonconformance.team_id == team_id, Nonconformance.status == "closed",
                                    Nonconformance.closed_at >= earliest(period),
                                    Nonconformance.closed_at < period.end)).one()
    closed_counts, closed_days = closed[0::2], closed[1::2]
    by_severity, by_process = _open_breakdown(session, team_id)
    overdue_where = (Nonconformance.team_id == team_id, Nonconformance.status == "action",
                     Nonconformance.due_date < today)
    overdue_count = session.scalar(select(func.count()).select_from(Nonconformance).where(*overdue_where))
    overdue = session.scalars(select(Nonconformance).where(*overdue_where)
                              .order_by(Nonconformance.due_date, Nonconformance.id).limit(TOP)).all()
    stale_count = activity.stale_count(session, team_id=team_id, now=now, stale_days=settings.stale_days)
    stale = activity.stale(session, team_id=team_id, now=now, stale_days=settings.stale_days, limit=TOP)
    figures = (
        Figure("Opened", opened[0], tuple(opened[1:])),
        Figure("Closed", closed_counts[0], tuple(closed_counts[1:])),
        Figure("Mean days to close", *_means(closed_days, closed_counts)),
        Figure("Open now", sum(by_severity.values())),
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


def _means(totals, counts) -> tuple:
    means = [mean_of(total, count) for total, count in zip(totals, counts, strict=True)]
    return means[0], tuple(means[1:])


def _open_breakdown(session: Session, team_id: str) -> tuple[dict[str, int], dict[str, int]]:
    by_severity: dict[str, int] = {}
    by_process: dict[str, int] = {}
    # grouped by status too: the groups then come in the covering index's own order, no sort
    for _status, severity, process, count in session.execute(
            select(Nonconformance.status, Nonconformance.severity, Nonconformance.process, func.count())
            .where(Nonconformance.team_id == team_id, Nonconformance.status.in_(OPEN))
            .group_by(Nonconformance.status, Nonconformance.severity, Nonconformance.process)):
        by_severity[severity] = by_severity.get(severity, 0) + count
        by_process[process] = by_process.get(process, 0) + count
    return by_severity, by_process

