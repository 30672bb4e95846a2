"""What an objective's audit events say it holds: `objective.created` its definition, each
`objective.value_recorded` one period's manual value (kept in objective_value)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.qms.replay import State, Trail, children, take_after
from models import Objective, ObjectiveValue


def fold(state: State, event) -> None:
    if event.action != "objective.value_recorded":
        take_after(state, event)
        return
    after = event.after or {}
    state["values"][str(after.get("period_start"))] = _value(after.get("value"), event.actor, event.at)


def _value(value, recorded_by, recorded_at) -> dict:
    return {"value": value, "recorded_by": recorded_by, "recorded_at": recorded_at}


def values(session: Session, team_id: str, objectives: Sequence) -> Mapping[str, State]:
    """Each objective's manual values as they are stored, in one query."""
    found: dict[str, State] = {row.record_id: {"values": {}} for row in objectives}
    query = select(ObjectiveValue.objective_id, ObjectiveValue.period_start, ObjectiveValue.value,
                   ObjectiveValue.recorded_by, ObjectiveValue.recorded_at).where(ObjectiveValue.team_id == team_id)
    for record_id, row in children(session, objectives, query, ObjectiveValue.objective_id):
        found[record_id]["values"][row.period_start.isoformat()] = _value(row.value, row.recorded_by,
                                                                          row.recorded_at)
    return found


TRAIL = Trail("objective", Objective, created_by="objective.created", fold=fold, extra=values,
              extra_initial={"values": {}})
