"""Why a click on an approval request did nothing, in words for the clicker only
(bot.qms.approvals.lifecycle codes)."""
from __future__ import annotations

from bot.blocks.approvals.card import people, status_line
from bot.blocks.text import slack_date, user
from bot.qms.approvals.records import deciders
from bot.qms.refusals import Refused


def _rid(refused: Refused) -> str:
    return refused.record.record_id


def _not_approver(refused: Refused) -> str:
    names = people([a.user_id for a in deciders(refused.facts["approvers"])])
    return f"Only the approvers named on {_rid(refused)} ({names}) can decide it. Nothing was changed."


def _already_decided(refused: Refused) -> str:
    mine = next(a for a in refused.facts["approvers"] if a.user_id == refused.facts["actor"])
    return f"You already {mine.decision} {_rid(refused)} at {slack_date(mine.decided_at)}. It is recorded once."


def _no_longer_pending(refused: Refused) -> str:
    request, line = refused.record, status_line(refused.record, refused.facts["approvers"])
    return f"{request.record_id} was withdrawn: {line}" if request.status == "cancelled" else \
        f"{request.record_id} is already decided: {line}"


WORDS = {
    "missing": lambda r: "This approval request no longer exists.",
    "own_request": lambda r: f"You asked for {_rid(r)}, so you cannot decide it. One of the approvers has to.",
    "not_approver": _not_approver,
    "not_requester": lambda r: f"Only {user(r.record.requester)} (who asked) or a manager can cancel {_rid(r)}.",
    "already_decided": _already_decided,
    "no_longer_pending": _no_longer_pending,
}
