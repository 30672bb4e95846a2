"""The objective modal (managers), and the modal in which an owner enters a manual measure's value."""
from __future__ import annotations

import json
from datetime import date

from bot.blocks import forms
from bot.blocks.ids import OBJECTIVE_NEW, OBJECTIVE_VALUE
from bot.blocks.objectives.card import headline
from bot.blocks.text import section
from bot.qms.objectives.measures import DIRECTIONS, MEASURES
from bot.qms.objectives.periods import KINDS, label
from bot.qms.objectives.rules import NAME_MAX, UNIT_MAX, ObjectiveDraft

FIELDS = ("name", "owner", "period", "measure", "target", "days", "direction", "unit")


def objective_modal() -> dict:
    blocks = [
        forms.input_block("name", "Objective", forms.text_input(max_length=NAME_MAX,
                                                                 placeholder="e.g. Customers are satisfied")),
        forms.input_block("owner", "Owner", forms.users_select(multi=False),
                          hint="Answers for it; enters its value when it is measured by hand."),
        forms.input_block("period", "Measured each", forms.static_select(list(KINDS.items()), "month")),
        forms.input_block("measure", "Measure", forms.static_select(
            [(key, measure.label) for key, measure in MEASURES.items()])),
        forms.input_block("target", "Target", forms.text_input(max_length=20),
                          hint="CSAT 1–5 (4.5) · NPS −100 to 100 · a share in % (90) · a count (0) · hours (8)"),
        forms.input_block("days", "N days", forms.text_input(max_length=3), optional=True,
                          hint="Only for “Share of NCs closed within N days”."),
        forms.input_block("direction", "A hand-measured value should be", forms.static_select(
            list(DIRECTIONS.items())), optional=True, hint="Only for a measure entered by hand: the target is a "
                                                           "floor (at least) or a ceiling (at most)."),
        forms.input_block("unit", "Unit", forms.text_input(max_length=UNIT_MAX), optional=True,
                          hint="Only for a measure entered by hand, e.g. “%” or “days”."),
    ]
    return forms.modal(OBJECTIVE_NEW, "Quality objective", blocks, submit="Create")


def read_objective(values: dict) -> ObjectiveDraft:
    return ObjectiveDraft(**{name: forms.value_of(values, name) for name in FIELDS})


def value_modal(objective, choices: list[date], chosen: date) -> dict:
    """Enter a manual measure's value for one of `choices` (period first days), `chosen` preselected."""
    periods = forms.static_select([(day.isoformat(), label(objective.period, day)) for day in choices],
                                  chosen.isoformat())
    blocks = [section(headline(objective)),
              forms.input_block("period_start", "For", periods),
              forms.input_block("value", "Value", forms.text_input(max_length=20),
                                hint=f"Target {objective.target:g}{(' ' + objective.unit) if objective.unit else ''}")]
    return forms.modal(OBJECTIVE_VALUE, "Objective value", blocks, submit="Save",
                       private_metadata=json.dumps({"id": objective.record_id}))


def read_value(view: dict) -> tuple[str, str | None, str | None]:
    """(objective id, period first day, value text) of a submitted value modal."""
    values = view["state"]["values"]
    return (json.loads(view["private_metadata"])["id"], forms.value_of(values, "period_start"),
            forms.value_of(values, "value"))
