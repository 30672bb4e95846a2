"""The workbook's `Objectives` sheet (ISO 9001 6.2): one row per objective, with its value and status as of
the end of the export's window (or now) and its four previous periods."""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.qms import workspaces
from bot.qms.objectives.measures import MEASURES, shown, target_text
from bot.qms.objectives.periods import KINDS, label
from bot.qms.objectives.values import objective_values
from bot.qms.sheets import DATETIME, TEXT, USER, Column, SheetSource, Window
from models import Objective
from models.types import utcnow

BATCH = 200


def _where(window: Window):
    conditions = [Objective.team_id == window.team_id]
    if window.until:
        conditions.append(Objective.created_at < window.until)
    return conditions


def count(session: Session, window: Window) -> int:
    return session.scalar(select(func.count()).select_from(Objective).where(*_where(window)))


def rows(session: Session, window: Window) -> Iterator[tuple]:
    settings = workspaces.settings_or_stored(session, team_id=window.team_id, settings=None)
    as_of = window.until or utcnow()
    last_id = 0
    while True:  # a batch of objectives at a time, each batch's values in a fixed number of statements
        batch = list(session.scalars(select(Objective).where(*_where(window), Objective.id > last_id)
                                     .order_by(Objective.id).limit(BATCH)))
        if not batch:
            return
        values = objective_values(session, team_id=window.team_id, objectives=batch, now=as_of,
                                  timezone=settings.timezone)
        for objective in batch:
            current, *previous = values[objective.id]
            yield (objective.record_id, objective.name, objective.owner, MEASURES[objective.measure].label,
                   KINDS[objective.period], target_text(objective), label(objective.period, current.first_day),
                   shown(objective, current.value), current.status,
                   "; ".join(f"{label(objective.period, e.first_day)}: {shown(objective, e.value)} ({e.status})"
                             for e in previous),
                   "active" if objective.active else "retired", objective.created_at, objective.created_by)
        last_id = batch[-1].id


SHEET = SheetSource(
    name="Objectives", clause="6.2",
    columns=(Column("ID", TEXT, 10), Column("Objective", TEXT, 30), Column("Owner", USER),
             Column("Measure", TEXT, 30), Column("Measured", TEXT, 10), Column("Target", TEXT, 10),
             Column("Period", TEXT, 10), Column("Value", TEXT, 12), Column("Status", TEXT, 12),
             Column("Previous periods", TEXT, 50), Column("State", TEXT, 8), Column("Set", DATETIME),
             Column("Set by", USER)),
    count=count, rows=rows, empty="No quality objectives set yet.")
