"""Manual measures due: once a period has ended, its owner is asked for the value (kind "objective_update",
once per period: the Due is keyed by the period, and it goes once the value is in)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.qms import workspaces
from bot.qms.inputs import Due, ItemRef
from bot.qms.objectives import records
from bot.qms.objectives.measures import MANUAL
from bot.qms.objectives.periods import label
from bot.qms.objectives.values import objective_values

KIND = "objective_update"
ACTION_ID = "objective_update"  # the button that opens the value modal (bot.blocks.ids.OBJECTIVE_UPDATE)


def reminders_due(session: Session, *, team_id: str, now: datetime,
                  settings: workspaces.WorkspaceSettings | None = None) -> list[Due]:
    """`extra` carries what the reminder's button needs: {"action_id", "value"} (OBJ-n|period first day)."""
    settings = workspaces.settings_or_stored(session, team_id=team_id, settings=settings)
    manual = [objective for objective in records.active(session, team_id=team_id) if objective.measure == MANUAL]
    values = objective_values(session, team_id=team_id, objectives=manual, now=now, timezone=settings.timezone)
    due = []
    for objective in manual:
        _, ended = values[objective.id][:2]
        if ended.value is not None or ended.end <= objective.created_at:
            continue
        first_day = ended.first_day
        item = ItemRef(records.RECORD_TYPE, f"{objective.record_id}@{first_day.isoformat()}", objective.name,
                       owner=objective.owner, note=f"enter its value for {label(objective.period, first_day)}")
        due.append(Due(objective.owner, KIND, item, ended.end,
                       extra={"action_id": ACTION_ID, "value": f"{objective.record_id}|{first_day.isoformat()}"}))
    return due
