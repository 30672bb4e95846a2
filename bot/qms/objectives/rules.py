"""What a valid objective and a valid manual value are: problems keyed by field (a forged submission
meets these checks too)."""
from __future__ import annotations

from dataclasses import dataclass

from bot.qms.directory import is_user_id
from bot.qms.objectives.measures import DIRECTIONS, MANUAL, MEASURES, parse_target
from bot.qms.objectives.periods import KINDS

NAME_MAX = 150
UNIT_MAX = 30


@dataclass(frozen=True)
class ObjectiveDraft:
    name: str | None = None
    owner: str | None = None
    period: str | None = None
    measure: str | None = None
    target: str | None = None
    days: str | None = None
    direction: str | None = None
    unit: str | None = None


def problems(draft: ObjectiveDraft) -> tuple[dict, dict[str, str]]:
    """(values to store, problems by field)."""
    found: dict[str, str] = {}
    if not draft.name:
        found["name"] = "Name the objective."
    elif len(draft.name) > NAME_MAX:
        found["name"] = f"Keep the name to {NAME_MAX} characters or fewer."
    if not is_user_id(draft.owner):
        found["owner"] = "Pick who owns the objective."
    if draft.period not in KINDS:
        found["period"] = "Pick a month or a quarter."
    values: dict = {}
    if draft.measure not in MEASURES:
        found["measure"] = "Pick what measures the objective."
    else:
        target, problem = parse_target(draft.measure, draft.target)
        if problem:
            found["target"] = problem
        values = {"measure": draft.measure, "target": target}
        if MEASURES[draft.measure].needs_days:
            days = (draft.days or "").strip()
            if not days.isdigit() or not 1 <= int(days) <= 365:
                found["days"] = "For this measure, give N: a whole number of days from 1 to 365."
            else:
                values["days"] = int(days)
        if draft.measure == MANUAL:
            if draft.direction not in DIRECTIONS:
                found["direction"] = "Say whether the value should be at least or at most the target."
            if len(draft.unit or "") > UNIT_MAX:
                found["unit"] = f"Keep the unit to {UNIT_MAX} characters or fewer."
            values.update(direction=draft.direction, unit=draft.unit or None)
    values.update(name=draft.name, owner=draft.owner, period=draft.period)
    return values, found


def value_problem(text: str | None) -> tuple[float | None, str | None]:
    raw = (text or "").strip().replace(",", ".").rstrip("%").strip()
    try:
        return float(raw), None
    except ValueError:
        return None, "Give the value as a number, like 12 or 4.5."
