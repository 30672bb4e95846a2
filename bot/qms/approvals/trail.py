"""What an approval request's audit events say its rows hold (the request and each approver's decision)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.qms.replay import BOOKKEEPING, State, Trail, children, take_after
from models.approval import ApprovalApprover, ApprovalRequest

ENDS = ("approval.approved", "approval.rejected", "approval.cancelled")


def fold(state: State, event) -> None:
    after = event.after or {}
    if event.action == "approval.requested":
        take_after(state, event)
        left = set(after.get("left_the_workspace") or ())
        state["approvers"] = {user: _decision("left" if user in left else "pending")
                              for user in after.get("approvers") or ()}
        return
    if "approver" in after:  # one approver's decision (which may also end the request)
        state["approvers"][after["approver"]] = _decision(after.get("decision"), after.get("comment"), event.at)
        state["status"] = after.get("status", state["status"])
    else:
        take_after(state, event)  # evidence linked, or a withdrawal's status and reason
    if event.action in ENDS:
        state["closed_by"], state["closed_at"] = event.actor, event.at
        state["reason"] = {"approval.rejected": after.get("comment"), "approval.cancelled": after.get("reason")}.get(
            event.action)


def _decision(decision: str | None, comment: str | None = None, at=None) -> dict:
    return {"decision": decision, "comment": comment, "decided_at": at}


def approvers(session: Session, team_id: str, requests: Sequence) -> Mapping[str, State]:
    """Each request's approvers as they are stored, in one query."""
    found: dict[str, State] = {request.record_id: {"approvers": {}} for request in requests}
    query = select(ApprovalApprover.request_id, ApprovalApprover.user_id, ApprovalApprover.decision,
                   ApprovalApprover.comment, ApprovalApprover.decided_at).where(ApprovalApprover.team_id == team_id)
    for record_id, row in children(session, requests, query, ApprovalApprover.request_id):
        found[record_id]["approvers"][row.user_id] = _decision(row.decision, row.comment, row.decided_at)
    return found


# The request's snapshot does not hold the source message's author name or privacy flags.
TRAIL = Trail("approval", ApprovalRequest, created_by="approval.requested",
              ignored=(*BOOKKEEPING, "source_author_name", "source_private", "source_shown"),
              fold=fold, extra=approvers, extra_initial={"approvers": {}})
