"""Quality objectives: create one (managers), record a manual measure's value (its owner), find them."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.qms import audit, counters
from bot.qms.listing import TEAM, USER
from bot.qms.objectives.measures import MANUAL
from bot.qms.refusals import Refused
from bot.qms.rows import insert_ignore
from models import Objective, ObjectiveValue

RECORD_TYPE = "objective"


def create(session: Session, *, team_id: str, created_by: str, values: dict, now: datetime) -> Objective:
    """Store a checked objective with its 'objective.created' audit event."""
    record = Objective(team_id=team_id, record_id=counters.next_id(session, team_id=team_id, kind=RECORD_TYPE),
                       created_by=created_by, created_at=now, updated_at=now, **values)
    session.add(record)
    session.flush()
    audit.record(session, team_id=team_id, record_type=RECORD_TYPE, record_id=record.record_id,
                 action="objective.created", actor=created_by, now=now, after={**values, "created_by": created_by})
    return record


def get(session: Session, *, team_id: str, record_id: str) -> Objective | None:
    return session.scalars(select(Objective).where(Objective.team_id == team_id,
                                                   Objective.record_id == record_id.upper())).first()


def active(session: Session, *, team_id: str, owner: str | None = None, limit: int = 200) -> list[Objective]:
    values = {"team_id": team_id, "user_id": owner, "limit": limit}
    return list(session.scalars(ACTIVE_OWNED if owner else _ACTIVE, values))


# Built once: the digest and every /qms mine and Home tab ask them.
_ACTIVE = (select(Objective).where(Objective.team_id == TEAM, Objective.active.is_(True))
           .order_by(Objective.id).limit(bindparam("limit")))
ACTIVE_OWNED = _ACTIVE.where(Objective.owner == USER)


def record_value(session: Session, *, team_id: str, record_id: str, period_start: date, value: float, actor: str,
                 is_manager: bool, now: datetime) -> Objective:
    """A manual measure's value for one period (a later entry replaces it), with one audit event; refused for
    anyone but its owner or a manager, and for a measure Trellis computes itself."""
    record = get(session, team_id=team_id, record_id=record_id)
    if record is None:
        raise Refused("objective_not_found", record_id=record_id)
    if record.measure != MANUAL:
        raise Refused("objective_computed", record)
    if actor != record.owner and not is_manager:
        raise Refused("objective_not_owner", record)
    of_period = select(ObjectiveValue).where(ObjectiveValue.objective_id == record.id,
                                             ObjectiveValue.period_start == period_start)
    existing = session.scalars(of_period).first()
    before = existing.value if existing else None
    if existing is None:  # insert-or-nothing: two first entries at once both land on the one row
        insert_ignore(session, ObjectiveValue, team_id=team_id, objective_id=record.id, period_start=period_start,
                      value=value, recorded_by=actor, recorded_at=now)
        existing = session.scalars(of_period).one()
    existing.value, existing.recorded_by, existing.recorded_at = value, actor, now
    session.add(existing)
    audit.record(session, team_id=team_id, record_type=RECORD_TYPE, record_id=record.record_id,
                 action="objective.value_recorded", actor=actor, now=now,
                 before={"period_start": period_start, "value": before},
                 after={"period_start": period_start, "value": value})
    return record
