"""Deciding and withdrawing approval requests, and who may.

Every change starts with a compare-and-set on the request row (`UPDATE ... WHERE
status = 'pending'`). On PostgreSQL that UPDATE also holds the row lock until
commit, and SQLite runs one writer at a time (BEGIN IMMEDIATE), so decisions on
one request are serialised: of two concurrent clicks, exactly one is recorded
and the other sees the request already decided.

Refusal codes: missing, own_request, not_approver, no_longer_pending,
already_decided, not_requester (facts: approvers, actor).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.qms import audit
from bot.qms.approvals.records import LEFT, RECORD_TYPE, Outcome, approvers_of, deciders, get
from bot.qms.refusals import Refused
from models.approval import ApprovalApprover, ApprovalRequest


def decide(session: Session, *, team_id: str, record_id: str, actor: str, approve: bool,
           comment: str | None, now: datetime) -> Outcome:
    """Record one approver's decision; raise Refused when they may not (nothing changes)."""
    request = _decider_of(session, team_id=team_id, record_id=record_id, actor=actor)
    before = {**_claim(session, request, actor, now), "approver": actor, "decision": "pending"}
    approvers = approvers_of(session, request)
    mine = _still_to_decide(request, approvers, actor)
    mine.decision, mine.decided_at, mine.comment = ("approved" if approve else "rejected"), now, comment
    if not approve or request.policy == "any" or all(a.decision == "approved" for a in deciders(approvers)):
        request.status, request.closed_by, request.closed_at = mine.decision, actor, now
        request.reason = None if approve else comment
    action = f"approval.{request.status}" if request.status != "pending" else "approval.approver_approved"
    session.flush()
    audit.record(session, team_id=team_id, record_type=RECORD_TYPE, record_id=request.record_id, action=action,
                 actor=actor, now=now, before=before,
                 after={"status": request.status, "approver": actor, "decision": mine.decision, "comment": comment})
    return Outcome(request, approvers, action)


def may_decide(session: Session, *, team_id: str, record_id: str, actor: str) -> ApprovalRequest:
    """The request, if `actor` may decide it now (read only: asking for a reason comes first)."""
    request = _decider_of(session, team_id=team_id, record_id=record_id, actor=actor)
    approvers = approvers_of(session, request)
    if request.status != "pending":
        raise _refused("no_longer_pending", request, approvers, actor)
    _still_to_decide(request, approvers, actor)
    return request


def cancel(session: Session, *, team_id: str, record_id: str, actor: str, actor_is_manager: bool,
           reason: str | None = None, now: datetime) -> Outcome:
    """Withdraw a pending request: its requester or a manager may."""
    request = _existing(session, team_id=team_id, record_id=record_id)
    if actor != request.requester and not actor_is_manager:
        raise _refused("not_requester", request, approvers_of(session, request), actor)
    before = _claim(session, request, actor, now)
    request.status, request.closed_by, request.closed_at, request.reason = "cancelled", actor, now, reason
    session.flush()
    audit.record(session, team_id=team_id, record_type=RECORD_TYPE, record_id=request.record_id,
                 action="approval.cancelled", actor=actor, now=now, before=before,
                 after={"status": "cancelled", "reason": reason})
    return Outcome(request, approvers_of(session, request), "approval.cancelled")


def _refused(code: str, request: ApprovalRequest, approvers: list[ApprovalApprover], actor: str) -> Refused:
    return Refused(code, request, approvers=approvers, actor=actor)


def _existing(session: Session, *, team_id: str, record_id: str) -> ApprovalRequest:
    request = get(session, team_id=team_id, record_id=record_id)
    if request is None:
        raise Refused("missing", record_id=record_id)
    return request


def _decider_of(session: Session, *, team_id: str, record_id: str, actor: str) -> ApprovalRequest:
    """Only a named approver who is not the requester (even if named somehow) decides."""
    request = _existing(session, team_id=team_id, record_id=record_id)
    if actor == request.requester:
        raise _refused("own_request", request, approvers_of(session, request), actor)
    named = session.get(ApprovalApprover, (request.id, actor))
    if named is None or named.decision == LEFT:
        raise _refused("not_approver", request, approvers_of(session, request), actor)
    return request


def _still_to_decide(request: ApprovalRequest, approvers: list[ApprovalApprover], actor: str) -> ApprovalApprover:
    mine = next(approver for approver in approvers if approver.user_id == actor)
    if mine.decision != "pending":
        raise _refused("already_decided", request, approvers, actor)
    return mine


def _claim(session: Session, request: ApprovalRequest, actor: str, now: datetime) -> dict:
    """Compare-and-set: take the still-pending request for this change, or refuse.

    Returns the audit `before`. After a concurrent change committed first, the
    UPDATE matches no row and the request is re-read to say what happened.
    """
    claimed = session.execute(
        update(ApprovalRequest).where(ApprovalRequest.id == request.id, ApprovalRequest.status == "pending")
        .values(updated_at=now).execution_options(synchronize_session=False)).rowcount == 1
    session.refresh(request)
    if not claimed:
        raise _refused("no_longer_pending", request, approvers_of(session, request), actor)
    return {"status": "pending"}
