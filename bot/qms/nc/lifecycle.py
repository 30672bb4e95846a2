"""The NC lifecycle as data (design.md "NC lifecycle"), who may take each step, and taking it.

The status only changes with `UPDATE ... WHERE id = ? AND status = <step source>`:
when two people apply the same step at once, PostgreSQL makes the second UPDATE
wait for the first commit and then match no row, SQLite serialises the writers;
either way exactly one wins and the other is refused with "moved_on".
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.qms import audit
from bot.qms.refusals import Refused
from models import Nonconformance

# Who may take a step.
TEAM = "team"          # the reporter, the owner or a manager
OWNER = "owner"        # the owner or a manager
VERIFIER = "verifier"  # a manager who is neither the owner nor who marked it done (10.2.1 d)
MANAGER = "manager"

STATUS_LABELS = {
    "open": "Open", "investigating": "Investigating", "action": "Corrective action",
    "verification": "Verification", "closed": "Closed", "rejected": "Rejected",
}
FINAL = ("closed", "rejected")
OPEN = tuple(status for status in STATUS_LABELS if status not in FINAL)
WHYS = ("why1", "why2", "why3", "why4", "why5")


@dataclass(frozen=True)
class Step:
    name: str
    label: str       # the button, exactly as people see it
    source: str      # the status it starts from
    target: str      # the status it leads to
    action: str      # the audit event
    did: str         # "<who> <did> NC-3" in the review thread
    who: str
    fields: tuple[str, ...]  # what its modal asks for
    required: tuple[str, ...]
    clears: tuple[str, ...] = ()  # answers of an earlier round that no longer hold
    signed_by: str | None = None  # the column that keeps who took this step (when a later rule needs it)


STEPS: dict[str, Step] = {step.name: step for step in (
    Step("investigate", "Investigate", "open", "investigating", "nc.investigated",
         "started investigating", TEAM, ("owner", "correction"), ("owner", "correction")),
    Step("plan", "Plan action", "investigating", "action", "nc.action_planned",
         "planned corrective action for", TEAM, (*WHYS, "corrective_action", "due_date"),
         ("why1", "corrective_action", "due_date")),
    Step("done", "Mark done", "action", "verification", "nc.marked_done",
         "marked done", OWNER, ("done_summary",), ("done_summary",), signed_by="done_by"),
    Step("verify", "Verify & close", "verification", "closed", "nc.closed",
         "verified and closed", VERIFIER, ("effectiveness",), ("effectiveness",)),
    Step("not_effective", "Not effective", "verification", "action", "nc.not_effective",
         "found the action not effective on", VERIFIER, ("not_effective_reason",), ("not_effective_reason",),
         clears=("done_summary", "done_by")),
    Step("reject", "Reject", "open", "rejected", "nc.rejected",
         "rejected", MANAGER, ("rejection_reason",), ("rejection_reason",)),
)}


def steps_from(status: str) -> list[Step]:
    """The steps a record in `status` offers; the first is its one next step."""
    return [step for step in STEPS.values() if step.source == status]


def next_step(status: str) -> Step | None:
    steps = steps_from(status)
    return steps[0] if steps else None


def refusal(record: Nonconformance, step: Step, user_id: str, is_manager: Callable[[], bool]) -> Refused | None:
    """Why `user_id` may not take `step` on `record` now, or None when they may.

    `is_manager` is only called when the answer depends on it.
    """
    if record.status in FINAL:
        return Refused(record.status, record, step=step)
    if record.status != step.source:
        return Refused("moved_on", record, step=step)
    involved = user_id in (record.reporter, record.owner)
    if step.who == TEAM and not (involved or is_manager()):
        return Refused("not_involved", record, step=step)
    if step.who == OWNER and not (user_id == record.owner or is_manager()):
        return Refused("not_owner", record, step=step)
    if step.who == VERIFIER and user_id == record.owner:
        return Refused("own_work", record, step=step)
    if step.who == VERIFIER and user_id == record.done_by:  # a manager who did the work does not certify it
        return Refused("did_the_work", record, step=step)
    if step.who == VERIFIER and not is_manager():
        return Refused("not_verifier", record, step=step)
    if step.who == MANAGER and not is_manager():
        return Refused("not_manager", record, step=step)
    return None


def apply(session: Session, *, team_id: str, record_id: str, step_name: str, actor: str,
          is_manager: Callable[[], bool], answers: dict, now: datetime) -> Nonconformance:
    """Take the step (answers already checked) with one audit event; raise Refused otherwise."""
    step = STEPS[step_name]
    record = session.scalars(select(Nonconformance).where(
        Nonconformance.team_id == team_id, Nonconformance.record_id == record_id.upper())).first()
    if record is None:
        raise Refused("missing", record_id=record_id)
    refused = refusal(record, step, actor, is_manager)
    if refused:
        raise refused
    changes = _changes(step, answers, now)
    if step.signed_by:
        changes[step.signed_by] = actor
    before = {name: getattr(record, name) for name in changes if name != "updated_at"}
    moved = session.execute(
        update(Nonconformance).where(Nonconformance.id == record.id, Nonconformance.status == step.source)
        .values(**changes).execution_options(synchronize_session=False))
    if moved.rowcount != 1:  # someone else moved it between our read and our write
        session.refresh(record)
        raise Refused("moved_on", record, step=step)
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
