"""Why an NC step was refused, in words for the person who tried (bot.qms.nc.lifecycle codes)."""
from __future__ import annotations

from bot.qms.nc.lifecycle import STATUS_LABELS
from bot.qms.refusals import Refused


def _rid(refused: Refused) -> str:
    return refused.record.record_id


def _label(refused: Refused) -> str:
    return refused.facts["step"].label.lower()


WORDS = {
    "missing": lambda r: f"I cannot find {r.facts['record_id']} in this workspace.",
    "closed": lambda r: f"{_rid(r)} is closed, so it cannot change any more.",
    "rejected": lambda r: f"{_rid(r)} was rejected, so it cannot change any more.",
    "moved_on": lambda r: (f"{_rid(r)} has moved on: it is now {STATUS_LABELS[r.record.status].lower()}, "
                           "so nothing was changed. The card shows where it stands."),
    "not_involved": lambda r: f"Only the reporter, the owner or a manager can {_label(r)} {_rid(r)}.",
    "not_owner": lambda r: f"Only the owner of {_rid(r)} or a manager can mark it done.",
    "own_work": lambda r: (f"You own {_rid(r)}'s corrective action, so you cannot check your own work: "
                           "a manager who is not the owner verifies it."),
    "did_the_work": lambda r: (f"You marked {_rid(r)}'s corrective action done, so you cannot verify it "
                               "yourself: another manager checks that it worked (ISO 9001 10.2.1 d)."),
    "not_verifier": lambda r: f"Only a manager who is not the owner can verify {_rid(r)}.",
    "not_manager": lambda r: f"Only managers can {_label(r)} {_rid(r)}.",
}
