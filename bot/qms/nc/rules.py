"""What a valid report and a valid step's answers are: problems keyed by field.

Whatever the modal said, these are the checks: a forged submission meets them too.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from bot.qms.directory import is_user_id
from bot.qms.nc.lifecycle import Step

SEVERITIES = ("minor", "major", "critical")
SOURCES = ("internal", "customer_complaint", "internal_audit", "supplier")
TITLE_MAX = 150
TEXT_MAX = 3000
LIMITS = {"title": TITLE_MAX, "description": TEXT_MAX, "customer": 200, "process": 75}


@dataclass(frozen=True)
class ReportDraft:
    """A report as submitted (empty fields are None)."""

    title: str | None = None
    description: str | None = None
    severity: str | None = None
    process: str | None = None
    customer: str | None = None
    source: str | None = None

    def values(self) -> dict:
        return {field.name: getattr(self, field.name) or None for field in fields(self)}


REPORT_FIELDS = tuple(field.name for field in fields(ReportDraft))


def report_problems(draft: ReportDraft, *, processes: tuple[str, ...] | None = None) -> dict[str, str]:
    """Problems with a report, by field name (the modal shows each under its field); `processes` are
    the workspace's (a submitted process must be one of them)."""
    problems = {}
    if not draft.title:
        problems["title"] = "Give the nonconformance a short title."
    for name, limit in LIMITS.items():
        value = getattr(draft, name) or ""
        if len(value) > limit:
            problems[name] = f"Keep this to {limit} characters or fewer (it has {len(value)})."
    if draft.severity not in SEVERITIES:
        problems["severity"] = "Pick how severe it is."
    if not draft.process:
        problems["process"] = "Pick the process where it happened."
    elif processes is not None and draft.process not in processes and "process" not in problems:
        problems["process"] = "Pick one of this workspace's processes."
    if draft.source not in SOURCES:
        problems["source"] = "Pick where it came from."
    return problems


def step_problems(step: Step, answers: dict, *, today: date) -> dict[str, str]:
    """Problems with a step's answers, by field name."""
    problems = {name: "This is needed for this step." for name in step.required if not answers.get(name)}
    for name in step.fields:
        value = answers.get(name)
        if isinstance(value, str) and len(value) > TEXT_MAX:
            problems[name] = f"Keep this to {TEXT_MAX} characters or fewer (it has {len(value)})."
    owner = answers.get("owner")
    if "owner" in step.fields and owner and not is_user_id(owner):
        problems["owner"] = "Pick a person."
    due = answers.get("due_date")
    if "due_date" in step.fields and due:
        try:
            if date.fromisoformat(due) < today:
                problems["due_date"] = "The due date is in the past: pick today or a later day."
        except ValueError:
            problems["due_date"] = "Pick a date."
    return problems
