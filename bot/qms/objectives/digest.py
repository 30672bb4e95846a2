"""The management review's c2 input (ISO 9001 9.3.2 c2, 6.2): every quality objective with its value, its
target, its status and the trend over its last four periods. A fixed number of statements: the objectives,
then one per measure in use."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.qms import workspaces
from bot.qms.inputs import Figure, InputGroup, ItemList, ItemRef, Period
from bot.qms.objectives import records
from bot.qms.objectives.measures import shown, target_text
from bot.qms.objectives.periods import label
from bot.qms.objectives.values import objective_values

KEY, TITLE = "c2", "Quality objectives"


def review_input(session: Session, *, team_id: str, period: Period, now: datetime,
                 settings: workspaces.WorkspaceSettings | None = None) -> InputGroup:
    settings = workspaces.settings_or_stored(session, team_id=team_id, settings=settings)
    objectives = records.active(session, team_id=team_id)
    if not objectives:
        return InputGroup(KEY, TITLE, note="No quality objectives are set yet: a manager sets them with "
                                           "`/qms objective`.")
    values = objective_values(session, team_id=team_id, objectives=objectives, now=now, timezone=settings.timezone)
    figures, items = [], []
    for objective in objectives:
        current, *previous = values[objective.id]
        figures.append(Figure(f"{objective.record_id} {objective.name} (target {target_text(objective)})",
                              current.value, tuple(entry.value for entry in previous)))
        items.append(ItemRef(records.RECORD_TYPE, objective.record_id, objective.name, owner=objective.owner,
                             note=f"{current.status}: {shown(objective, current.value)} in "
                                  f"{label(objective.period, current.first_day)}; before: "
                                  + ", ".join(entry.status for entry in previous)))
    return InputGroup(KEY, TITLE, tuple(figures), (ItemList("Where each objective stands", tuple(items)),))
