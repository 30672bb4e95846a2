"""Approval requests: ask, decide once, withdraw, and find what waits on someone.

Every change starts with a compare-and-set on the request row (`UPDATE ... WHERE
status = 'pending'`). On PostgreSQL that UPDATE also holds the row lock until
commit, and SQLite runs one writer at a time (BEGIN IMMEDIATE), so decisions on
one request are serialised: of two concurrent clicks, exactly one is recorded
and the other sees the request already decided.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.qms import audit, counters, nc
from bot.qms.approvals_rules import ApprovalDraft
from models.approval import ApprovalApprover, ApprovalRequest

RECORD_TYPE = "approval"
LEFT = "left"  # an approver's "decision" when their Slack account was gone at asking: never asked, never waited for


class Refused(Exception):
    """Someone may not do what they tried; nothing was changed.

    `why` is one of: missing, requester, not_approver, closed (the request is no
    longer pending), decided (this approver already decided), not_allowed.
    """

    def __init__(self, why: str, request: ApprovalRequest | None = None,
                 approvers: list[ApprovalApprover] | None = None, actor: str | None = None):
        super().__init__(why)
        self.why, self.request, self.approvers, self.actor = why, request, approvers or [], actor


@dataclass(frozen=True)
class Outcome:
    """A request after a change, with its approvers in the order the requester chose."""

    request: ApprovalRequest
    approvers: list[ApprovalApprover]
    action: str  # the audit action written, e.g. approval.approved


def get(session: Session, *, team_id: str, record_id: str) -> ApprovalRequest | None:
    return session.scalars(select(ApprovalRequest).where(
        ApprovalRequest.team_id == team_id, ApprovalRequest.record_id == record_id.upper())).first()


def approvers_of(session: Session, request: ApprovalRequest) -> list[ApprovalApprover]:
    return list(session.scalars(
        select(ApprovalApprover).where(ApprovalApprover.team_id == request.team_id,
                                       ApprovalApprover.request_id == request.id)
        .order_by(ApprovalApprover.position).execution_options(populate_existing=True)))


def create(session: Session, *, team_id: str, requester: str, draft: ApprovalDraft,
           card_channel: str | None, now: datetime) -> Outcome:
    """Store APR-<n> with its approvers and one audit event."""
    source = draft.source
    request = ApprovalRequest(
        team_id=team_id, record_id=counters.next_id(session, team_id=team_id, kind="approval"),
        title=draft.title, description=draft.description, link=draft.link, policy=draft.policy,
        due_on=draft.due_on, nc_id=draft.nc_id, requester=requester, card_channel=card_channel,
        **(source.columns() if source else {}), created_at=now, updated_at=now,
    )
    session.add(request)
    session.flush()
    for position, user_id in enumerate(draft.approvers):
        session.add(ApprovalApprover(request_id=request.id, user_id=user_id, team_id=team_id, position=position,
                                     name=draft.names.get(user_id, user_id)[:200],
                                     decision=LEFT if user_id in draft.left else "pending"))
    session.flush()
    approvers = approvers_of(session, request)
    audit.record(session, team_id=team_id, record_type=RECORD_TYPE, record_id=request.record_id,
                 action="approval.requested", actor=requester, now=now, after=snapshot(request, approvers))
    return Outcome(request, approvers, "approval.requested")


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


def deciders(approvers: list[ApprovalApprover]) -> list[ApprovalApprover]:
    """The approvers who were asked (those who had left the workspace were not)."""
    return [approver for approver in approvers if approver.decision != LEFT]


def may_decide(session: Session, *, team_id: str, record_id: str, actor: str) -> ApprovalRequest:
    """The request, if `actor` may decide it now (read only: asking for a reason comes first)."""
    request = _decider_of(session, team_id=team_id, record_id=record_id, actor=actor)
    approvers = approvers_of(session, request)
    if request.status != "pending":
        raise Refused("closed", request, approvers, actor)
    _still_to_decide(request, approvers, actor)
    return request


def cancel(session: Session, *, team_id: str, record_id: str, actor: str, actor_is_manager: bool,
           reason: str | None = None, now: datetime) -> Outcome:
    """Withdraw a pending request: its requester or a manager may."""
    request = _existing(session, team_id=team_id, record_id=record_id)
    if actor != request.requester and not actor_is_manager:
        raise Refused("not_allowed", request, approvers_of(session, request), actor)
    before = _claim(session, request, actor, now)
    request.status, request.closed_by, request.closed_at, request.reason = "cancelled", actor, now, reason
    session.flush()
    audit.record(session, team_id=team_id, record_type=RECORD_TYPE, record_id=request.record_id,
                 action="approval.cancelled", actor=actor, now=now, before=before,
                 after={"status": "cancelled", "reason": reason})
    return Outcome(request, approvers_of(session, request), "approval.cancelled")


def waiting_on(session: Session, *, team_id: str, user_id: str, limit: int = 50) -> list[ApprovalRequest]:
    """Pending requests this user was asked to decide and has not yet."""
    return list(session.scalars(
        select(ApprovalRequest).join(ApprovalApprover, ApprovalApprover.request_id == ApprovalRequest.id)
        .where(ApprovalRequest.team_id == team_id, ApprovalRequest.status == "pending",
               ApprovalApprover.team_id == team_id, ApprovalApprover.user_id == user_id,
               ApprovalApprover.decision == "pending")
        .order_by(ApprovalRequest.due_on.is_(None), ApprovalRequest.due_on, ApprovalRequest.id).limit(limit)))


def pending_requested_by(session: Session, *, team_id: str, user_id: str, limit: int = 50) -> list[ApprovalRequest]:
    """This user's own requests that nobody has finished deciding."""
    return list(session.scalars(
        select(ApprovalRequest).where(ApprovalRequest.team_id == team_id, ApprovalRequest.requester == user_id,
                                      ApprovalRequest.status == "pending")
        .order_by(ApprovalRequest.id).limit(limit)))


def nc_exists(session: Session, *, team_id: str, nc_id: str) -> bool:
    """Is there such a nonconformance in this workspace (for the optional link)?"""
    return nc.get(session, team_id=team_id, record_id=nc_id) is not None


def snapshot(request: ApprovalRequest, approvers: list[ApprovalApprover]) -> dict:
    """What the audit trail keeps of a new request."""
    fields = ("title", "description", "link", "policy", "due_on", "nc_id", "requester", "status",
              "card_channel", "source_channel", "source_ts", "source_author", "source_text", "source_permalink")
    return {**{name: getattr(request, name) for name in fields},
            "approvers": [approver.user_id for approver in approvers],
            "left_the_workspace": [approver.user_id for approver in approvers if approver.decision == LEFT]}


def _existing(session: Session, *, team_id: str, record_id: str) -> ApprovalRequest:
    request = get(session, team_id=team_id, record_id=record_id)
    if request is None:
        raise Refused("missing")
    return request


def _decider_of(session: Session, *, team_id: str, record_id: str, actor: str) -> ApprovalRequest:
    """Only a named approver who is not the requester (even if named somehow) decides."""
    request = _existing(session, team_id=team_id, record_id=record_id)
    if actor == request.requester:
        raise Refused("requester", request, approvers_of(session, request), actor)
    named = session.get(ApprovalApprover, (request.id, actor))
    if named is None or named.decision == LEFT:
        raise Refused("not_approver", request, approvers_of(session, request), actor)
    return request


def _still_to_decide(request: ApprovalRequest, approvers: list[ApprovalApprover], actor: str) -> ApprovalApprover:
    mine = next(approver for approver in approvers if approver.user_id == actor)
    if mine.decision != "pending":
        raise Refused("decided", request, approvers, actor)
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
        raise Refused("closed", request, approvers_of(session, request), actor)
    return {"status": "pending"}
