"""The measures an objective can have: what each is, its unit, which way is better, and what a target is.

Built-in measures are computed from Trellis's own records (bot.qms.objectives.values); `manual` is a value
its owner enters once per period.
"""
from __future__ import annotations

from dataclasses import dataclass

HIGHER, LOWER = "at_least", "at_most"  # the target is a floor / a ceiling
DIRECTIONS = {HIGHER: "At least", LOWER: "At most"}
MANUAL = "manual"
NCS_CLOSED_WITHIN = "ncs_closed_within"


@dataclass(frozen=True)
class Target:
    low: float
    high: float
    whole: bool  # a count or a whole-number score
    words: str   # what a valid target is, for the modal's error


@dataclass(frozen=True)
class Measure:
    label: str
    unit: str
    direction: str | None  # None: the objective says (a manual measure)
    target: Target
    needs_days: bool = False


COUNT = Target(0, 100_000, True, "a whole number, 0 or more")
HOURS = Target(0, 10_000, False, "a number of hours, 0 or more")
MEASURES: dict[str, Measure] = {
    "csat_average": Measure("Average CSAT score", "/5", HIGHER, Target(1, 5, False, "a score from 1 to 5, like 4.5")),
    "nps": Measure("Net promoter score", "", HIGHER, Target(-100, 100, True, "a whole number from -100 to 100")),
    NCS_CLOSED_WITHIN: Measure("Share of NCs closed within N days", "%", HIGHER,
                               Target(0, 100, False, "a percentage from 0 to 100"), needs_days=True),
    "overdue_actions": Measure("Overdue corrective actions", "", LOWER, COUNT),
    "approval_decision_hours": Measure("Median time to decide approvals", " h", LOWER, HOURS),
    "first_response_hours": Measure("Median first response to customers", " working h", LOWER, HOURS),
    "knowledge_reviews_overdue": Measure("Knowledge reviews overdue", "", LOWER, COUNT),
    MANUAL: Measure("Measured by hand (its owner enters it each period)", "", None,
                    Target(-1e12, 1e12, False, "a number")),
}


def parse_target(measure_key: str, text: str | None) -> tuple[float | None, str | None]:
    """(target, None) or (None, why not): the target must be of the measure's kind."""
    measure = MEASURES[measure_key]
    raw = (text or "").strip().replace(",", ".")
    if not raw:
        return None, "Give the target."
    if raw.endswith("%") and measure.unit == "%":
        raw = raw[:-1].strip()
    try:
        value = float(raw)
    except ValueError:
        return None, f"The target is {measure.target.words}."
    if not measure.target.low <= value <= measure.target.high or (measure.target.whole and value != int(value)):
        return None, f"For “{measure.label}” the target is {measure.target.words}."
    return value, None


def direction_of(objective) -> str:
    return MEASURES[objective.measure].direction or objective.direction


def meets(objective, value: float) -> bool:
    return value >= objective.target if direction_of(objective) == HIGHER else value <= objective.target


def shown(objective, value: float | None) -> str:
    """A value as people read it: '4.6/5', '83%', '3', '2.5 working h', or 'not measured yet'."""
    if value is None:
        return "not measured yet"
    unit = objective.unit if objective.measure == MANUAL and objective.unit else MEASURES[objective.measure].unit
    number = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    return f"{number}{unit if unit.startswith(('/', '%')) else (' ' + unit.strip() if unit else '')}"


def target_text(objective) -> str:
    sign = "≥" if direction_of(objective) == HIGHER else "≤"
    return f"{sign} {shown(objective, objective.target)}"
