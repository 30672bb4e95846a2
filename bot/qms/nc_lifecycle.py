"""Moving an NC along its lifecycle: check the step's answers, then compare-and-set.

The status only changes with `UPDATE ... WHERE id = ? AND status = <step source>`:
when two people apply the same step at once, PostgreSQL makes the second UPDATE
wait for the first commit and then match no row, SQLite serialises the writers;
either way exactly one wins and the other is refused with "moved on".
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.qms import audit
from bot.qms.nc import TEXT_MAX, get
from bot.qms.nc_rules import FINAL, STEPS, Step, moved_on, refusal
from models import Nonconformance

WHYS = ("why1", "why2", "why3", "why4", "why5")


class Refused(Exception):
    """The step was not applied; the message says why, for the person who tried."""


def check_answers(step: Step, answers: dict, *, today: date) -> dict[str, str]:
    """Problems with a step's answers, by field name."""
    errors = {name: "This is needed for this step." for name in step.required if not answers.get(name)}
    for name in step.fields:
        value = answers.get(name)
        if isinstance(value, str) and len(value) > TEXT_MAX:
            errors[name] = f"Keep this to {TEXT_MAX} characters or fewer (it has {len(value)})."
    due = answers.get("due_date")
    if "due_date" in step.fields and due:
        try:
            if date.fromisoformat(due) < today:
                errors["due_date"] = "The due date is in the past: pick today or a later day."
        except ValueError:
            errors["due_date"] = "Pick a date."
    return errors


def apply(session: Session, *, team_id: str, record_id: str, step_name: str, actor: str,
          is_manager: Callable[[], bool], answers: dict, now: datetime) -> Nonconformance:
    """Take the step (answers already checked) with one audit event; raise Refused otherwise."""
    step = STEPS[step_name]
    record = get(session, team_id=team_id, record_id=record_id)
    if record is None:
        raise Refused(f"I cannot find {record_id} in this workspace.")
    reason = refusal(record, step, actor, is_manager)
    if reason:
        raise Refused(reason)
    changes = _changes(step, answers, now)
    before = {name: getattr(record, name) for name in changes if name != "updated_at"}
    moved = session.execute(
        update(Nonconformance).where(Nonconformance.id == record.id, Nonconformance.status == step.source)
        .values(**changes).execution_options(synchronize_session=False))
    if moved.rowcount != 1:  # someone else moved it between our read and our write
        session.refresh(record)
        raise Refused(moved_on(record_id, record.status))
    session.refresh(record)
    audit.record(session, team_id=team_id, record_type="nc", record_id=record.record_id, action=step.action,
                 actor=actor, now=now, before=before, after={name: getattr(record, name) for name in before})
    return record


def _changes(step: Step, answers: dict, now: datetime) -> dict:
    changes = {"status": step.target, "updated_at": now}
    for name in step.fields:
        if name in WHYS:
            changes["root_cause"] = [answers[why] for why in WHYS if answers.get(why)]
        elif name == "due_date":
            changes["due_date"] = date.fromisoformat(answers["due_date"])
        else:
            changes[name] = answers.get(name) or None
    changes.update({name: None for name in step.clears})
    if step.target in FINAL:
        changes["closed_at"] = now
    return changes
