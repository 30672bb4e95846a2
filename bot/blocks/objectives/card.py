"""An objective as people see it: its card, the private summary (value vs target, the last four periods),
and the list of all objectives."""
from __future__ import annotations

from bot.blocks.ids import OBJECTIVE_UPDATE
from bot.blocks.text import context, mrkdwn, plain, section, shown, user
from bot.qms.objectives.measures import MANUAL, MEASURES, target_text
from bot.qms.objectives.measures import shown as value_text
from bot.qms.objectives.periods import KINDS, label
from bot.qms.objectives.values import MET, MISSED, PeriodValue

MARKS = {MET: "met", MISSED: "missed", "at risk": "at risk", "not measured": "not measured yet"}


def headline(objective) -> str:
    return f"*{objective.record_id}* · {shown(objective.name, 450)}"


def measure_text(objective) -> str:
    words = MEASURES[objective.measure].label
    if MEASURES[objective.measure].needs_days:
        words = words.replace("N days", f"{objective.days} days")
    if objective.measure == MANUAL:
        words = "Entered by its owner each period"
    return words


def period_line(objective, entry: PeriodValue) -> str:
    return f"{label(objective.period, entry.first_day)}: {value_text(objective, entry.value)} ({MARKS[entry.status]})"


def objective_card(objective) -> dict:
    fields = [("Owner", user(objective.owner)), ("Measure", shown(measure_text(objective), 500)),
              ("Target", target_text(objective)), ("Measured", KINDS[objective.period])]
    blocks = [section(headline(objective)),
              {"type": "section", "fields": [mrkdwn(f"*{name}*\n{value}") for name, value in fields]}]
    return {"text": f"{objective.record_id}: {shown(objective.name, 450)}", "blocks": blocks}


def update_button(objective, period_start=None) -> dict:
    value = objective.record_id + (f"|{period_start.isoformat()}" if period_start else "")
    return {"type": "button", "action_id": OBJECTIVE_UPDATE, "text": plain("Enter value", 75), "value": value,
            "style": "primary"}


def objective_summary(objective, values: list[PeriodValue], *, can_update: bool) -> dict:
    """The private answer to `/qms objective OBJ-3`."""
    card = objective_card(objective)
    current, *previous = values
    blocks = [*card["blocks"], section(f"*Now* — {period_line(objective, current)}")]
    if previous:
        blocks.append(context("Before: " + " · ".join(period_line(objective, entry) for entry in previous)))
    if can_update and objective.measure == MANUAL:
        blocks.append({"type": "actions", "block_id": "objective_next", "elements": [update_button(objective)]})
    return {"response_type": "ephemeral", "text": card["text"], "blocks": blocks}


def objectives_list(objectives, values: dict[int, list[PeriodValue]]) -> dict:
    """Every objective with where it stands now (at most 45 shown, the rest counted)."""
    if not objectives:
        return {"response_type": "ephemeral",
                "text": "No quality objectives yet. A manager sets one with `/qms objective`."}
    lines = [section(f"{headline(o)} — {period_line(o, values[o.id][0])}, target {target_text(o)} · "
                     f"{user(o.owner)}") for o in objectives[:45]]
    more = [context(f"…and {len(objectives) - 45} more.")] if len(objectives) > 45 else []
    return {"response_type": "ephemeral", "text": f"{len(objectives)} quality objectives",
            "blocks": [section("*Quality objectives*"), *lines, *more]}
