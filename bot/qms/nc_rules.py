"""The NC lifecycle as data (design.md "NC lifecycle") and who may take each step.

Pure rules over a record: no database, no Slack. Refusals are plain sentences
that say why, shown to the person as they are.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Who may take a step.
TEAM = "team"          # the reporter, the owner or a manager
OWNER = "owner"        # the owner or a manager
VERIFIER = "verifier"  # a manager who is not the owner (10.2.1 d: someone other than the owner)
MANAGER = "manager"

STATUS_LABELS = {
    "open": "Open", "investigating": "Investigating", "action": "Corrective action",
    "verification": "Verification", "closed": "Closed", "rejected": "Rejected",
}
FINAL = ("closed", "rejected")
OPEN = tuple(status for status in STATUS_LABELS if status not in FINAL)


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


STEPS: dict[str, Step] = {step.name: step for step in (
    Step("investigate", "Investigate", "open", "investigating", "nc.investigated",
         "started investigating", TEAM, ("owner", "correction"), ("owner", "correction")),
    Step("plan", "Plan action", "investigating", "action", "nc.action_planned",
         "planned corrective action for", TEAM,
         ("why1", "why2", "why3", "why4", "why5", "corrective_action", "due_date"),
         ("why1", "corrective_action", "due_date")),
    Step("done", "Mark done", "action", "verification", "nc.marked_done",
         "marked done", OWNER, ("done_summary",), ("done_summary",)),
    Step("verify", "Verify & close", "verification", "closed", "nc.closed",
         "verified and closed", VERIFIER, ("effectiveness",), ("effectiveness",)),
    Step("not_effective", "Not effective", "verification", "action", "nc.not_effective",
         "found the action not effective on", VERIFIER, ("not_effective_reason",), ("not_effective_reason",),
         clears=("done_summary",)),
    Step("reject", "Reject", "open", "rejected", "nc.rejected",
         "rejected", MANAGER, ("rejection_reason",), ("rejection_reason",)),
)}


def steps_from(status: str) -> list[Step]:
    """The steps a record in `status` offers; the first is its one next step."""
    return [step for step in STEPS.values() if step.source == status]


def next_step(status: str) -> Step | None:
    steps = steps_from(status)
    return steps[0] if steps else None


def moved_on(record_id: str, status: str) -> str:
    return (f"{record_id} has moved on: it is now {STATUS_LABELS[status].lower()}, "
            "so nothing was changed. The card shows where it stands.")


def refusal(record, step: Step, user_id: str, is_manager: Callable[[], bool]) -> str | None:
    """Why `user_id` may not take `step` on `record` now, or None when they may.

    `is_manager` is only called when the answer depends on it (it may ask Slack).
    """
    rid = record.record_id
    if record.status == "closed":
        return f"{rid} is closed, so it cannot change any more."
    if record.status == "rejected":
        return f"{rid} was rejected, so it cannot change any more."
    if record.status != step.source:
        return moved_on(rid, record.status)
    involved = user_id in (record.reporter, record.owner)
    if step.who == TEAM and not (involved or is_manager()):
        return f"Only the reporter, the owner or a manager can {step.label.lower()} {rid}."
    if step.who == OWNER and not (user_id == record.owner or is_manager()):
        return f"Only the owner of {rid} or a manager can mark it done."
    if step.who == VERIFIER and user_id == record.owner:
        return (f"You own {rid}'s corrective action, so you cannot check your own work: "
                "a manager who is not the owner verifies it.")
    if step.who == VERIFIER and not is_manager():
        return f"Only a manager who is not the owner can verify {rid}."
    if step.who == MANAGER and not is_manager():
        return f"Only managers can {step.label.lower()} {rid}."
    return None
