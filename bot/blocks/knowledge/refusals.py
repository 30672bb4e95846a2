"""Why a click on an entry did nothing, in words for the clicker only (bot.qms.knowledge.lifecycle codes)."""
from __future__ import annotations

from bot.qms.refusals import Refused

VERBS = {"edit": "edit", "confirm": "confirm", "retire": "retire", "reassign": "reassign"}


def _rid(refused: Refused) -> str:
    return refused.record.record_id


WORDS = {
    "missing": lambda r: f"I cannot find {r.facts['record_id']} in this workspace.",
    "retired": lambda r: f"{_rid(r)} is retired, so it cannot change any more. Nothing was changed.",
    "not_owner": lambda r: (f"Only the owner of {_rid(r)} (<@{r.record.owner}>) or a manager can "
                            f"{VERBS[r.facts['action']]} it. Nothing was changed."),
    "not_manager": lambda r: f"Only managers can reassign {_rid(r)}. Nothing was changed.",
    "unchanged": lambda r: (f"Nothing was changed, so {_rid(r)} keeps version {r.record.version}. "
                            "To confirm it is still true, use *Still true* on its card."),
}
