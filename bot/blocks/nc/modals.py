"""The NC modals: report one, and one small modal per lifecycle step."""
from __future__ import annotations

import json
from collections.abc import Mapping

from bot.blocks import forms
from bot.blocks.evidence import privacy_choice, source_metadata
from bot.blocks.ids import NC_REPORT, NC_STEP
from bot.blocks.nc.card import SEVERITY_LABELS, SOURCE_LABELS, headline
from bot.blocks.text import context, section
from bot.qms.evidence import SourceMessage
from bot.qms.nc.lifecycle import STEPS, Step
from bot.qms.nc.rules import REPORT_FIELDS, TEXT_MAX, TITLE_MAX, ReportDraft


def report_modal(*, processes, title: str = "", description: str = "", source: SourceMessage | None = None,
                 names: Mapping[str, str] = {}, customer: str = "", origin: str = "internal",  # noqa: B006
                 feedback_id: str | None = None) -> dict:
    """Report an NC; from a message shortcut, `source` is the evidence (carried in private_metadata); raised
    from customer feedback, `feedback_id` links the two when it is saved."""
    blocks = [
        forms.input_block("title", "Title", forms.text_input(title, max_length=TITLE_MAX,
                                                             placeholder="What went wrong, in a few words")),
        forms.input_block("description", "What happened", forms.text_input(description, multiline=True,
                                                                             max_length=TEXT_MAX), optional=True),
        forms.input_block("severity", "Severity", forms.static_select(list(SEVERITY_LABELS.items()), "minor")),
        forms.input_block("process", "Process", forms.static_select([(name, name) for name in processes])),
        forms.input_block("customer", "Customer", forms.text_input(customer, max_length=200), optional=True),
        forms.input_block("source", "Source", forms.static_select(list(SOURCE_LABELS.items()), origin)),
        *(privacy_choice(source, names) if source else []),
    ]
    metadata = source_metadata(source, **({"feedback": feedback_id} if feedback_id else {}))
    if feedback_id:
        blocks.insert(0, context(f"Raised from customer feedback {feedback_id}: the two are linked when you report."))
    return forms.modal(NC_REPORT, "Nonconformance", blocks, submit="Report", private_metadata=metadata)


def feedback_of(metadata: str | None) -> str | None:
    """The customer feedback (FB-n) a report modal was opened from, if any."""
    return json.loads(metadata).get("feedback") if (metadata or "").startswith("{") else None


def read_report(values: dict) -> ReportDraft:
    return ReportDraft(**{name: forms.value_of(values, name) for name in REPORT_FIELDS})


def _text(label: str, hint: str | None = None):
    return label, lambda record, name: forms.text_input(getattr(record, name, None), multiline=True,
                                                         max_length=TEXT_MAX), hint


def _why(number: int):
    label = "Why did it happen?" if number == 1 else f"Why? ({number})"
    hint = "Ask why until you reach a cause you can change (up to five times)." if number == 1 else None
    return label, lambda record, name: forms.text_input(_nth(record.root_cause, number - 1), max_length=500), hint


def _nth(items, index):
    return items[index] if items and len(items) > index else None


def _owner(record, name):
    return forms.users_select([record.owner] if record.owner else None, multi=False)


def _due(record, name):
    element = {"type": "datepicker"}
    if record.due_date:
        element["initial_date"] = record.due_date.isoformat()
    return element


# field -> (label, element builder, hint)
INPUTS = {
    "owner": ("Owner", _owner, "Owns the correction and the corrective action."),
    "correction": _text("Correction taken", "The immediate fix of this one case."),
    **{f"why{number}": _why(number) for number in range(1, 6)},
    "corrective_action": _text("Corrective action", "The change that stops it happening again."),
    "due_date": ("Due date", _due, None),
    "done_summary": _text("What was done"),
    "effectiveness": _text("Evidence it worked", "How you checked that the action was effective."),
    "not_effective_reason": _text("Why it was not effective"),
    "rejection_reason": _text("Why it is rejected", "Shown on the card and kept with the record."),
}


def step_modal(record, step: Step) -> dict:
    blocks = [section(headline(record))]
    for name in step.fields:
        label, element, hint = INPUTS[name]
        blocks.append(forms.input_block(name, label, element(record, name), optional=name not in step.required,
                                        hint=hint))
    metadata = json.dumps({"id": record.record_id, "step": step.name})
    return forms.modal(NC_STEP, step.label, blocks, submit=step.label, private_metadata=metadata)


def read_step(view: dict) -> tuple[str, Step, dict]:
    """(record id, step, answers by field) of a submitted step modal."""
    metadata = json.loads(view["private_metadata"])
    step = STEPS[metadata["step"]]
    return metadata["id"], step, {name: forms.value_of(view["state"]["values"], name) for name in step.fields}
