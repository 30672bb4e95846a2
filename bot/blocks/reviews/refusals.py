"""Why a click on the digest or a review action did nothing, in words for the clicker only."""
from __future__ import annotations

from bot.blocks.text import user
from bot.qms.refusals import Refused


def _rid(refused: Refused) -> str:
    return getattr(refused.record, "record_id", None) or refused.facts.get("record_id", "")


DIGEST_WORDS = {
    "review_managers": lambda r: "Only Trellis managers and workspace admins can see the digest preview or record "
                                 "a management review. Nothing was changed.",
    "missing_digest": lambda r: "That digest is not known to Trellis any more, so no review can be recorded for it.",
    "reviewed": lambda r: f"This digest's review is already recorded as {r.facts.get('review_id')}. "
                          "It is recorded once.",
}
ACTION_WORDS = {
    "missing": lambda r: f"{_rid(r)} is not known to Trellis.",
    "not_owner": lambda r: f"Only {user(r.record.owner)} (who owns {_rid(r)}) or a manager can mark it done.",
    "not_open": lambda r: f"{_rid(r)} is already marked done. Nothing was changed.",
    "not_done": lambda r: f"{_rid(r)} is not marked done yet, so there is nothing to confirm.",
    "confirmed": lambda r: f"{_rid(r)} was already confirmed by {user(r.record.confirmed_by)}.",
    "own_work": lambda r: f"You own {_rid(r)}, so someone else has to confirm it worked: another manager.",
    "not_manager": lambda r: f"Only a Trellis manager other than the owner can confirm {_rid(r)} worked.",
}
