"""Approval requests: ask, and find what waits on someone. Decisions live in lifecycle."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.qms import audit, counters
from bot.qms.approvals.rules import ApprovalDraft
from bot.qms.listing import TEAM, USER, with_links
from bot.qms.prepared import Prepared
from models.approval import ApprovalApprover, ApprovalRequest

RECORD_TYPE = "approval"
LEFT = "left"  # an approver's "decision" when their Slack account was gone at asking: never asked, never waited for


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


def deciders(approvers: list[ApprovalApprover]) -> list[ApprovalApprover]:
    """The approvers who were asked (those who had left the workspace were not)."""
    return [approver for approver in approvers if approver.decision != LEFT]


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


# What a list shows of each request (rows, not whole records: /qms mine and Home read them every time),
# and the `link` to it (bot.qms.listing.with_links): an approver's to their own DM copy, with the buttons.
LISTED = (ApprovalRequest.id, ApprovalRequest.record_id, ApprovalRequest.title, ApprovalRequest.policy,
          ApprovalRequest.due_on)


def waiting_on(session: Session, *, team_id: str, user_id: str, limit: int = 50) -> list[tuple]:
    """Pending requests this user was asked to decide and has not yet, soonest due first (LISTED, link).
    Sorted after the join: only this person's pending decisions are read (ix_approval_approver_user)."""
    return _WAITING_ON.all(session, {"team_id": team_id, "user_id": user_id, "limit": limit})


def pending_requested_by(session: Session, *, team_id: str, user_id: str, limit: int = 50) -> list[tuple]:
    """This user's own requests that nobody has finished deciding, oldest first (LISTED, link)."""
    return _REQUESTED_BY.all(session, {"team_id": team_id, "user_id": user_id, "limit": limit})


# Built once, executed with their values: building them costs more than running them.
_WAITING_ON = Prepared(with_links(
    select(*LISTED).join(ApprovalApprover, ApprovalApprover.request_id == ApprovalRequest.id)
    .where(ApprovalRequest.team_id == TEAM, ApprovalRequest.status == "pending", ApprovalApprover.team_id == TEAM,
           ApprovalApprover.user_id == USER, ApprovalApprover.decision == "pending")
    .order_by(ApprovalRequest.due_on.is_(None), ApprovalRequest.due_on, ApprovalRequest.id)
    .limit(bindparam("limit")), ApprovalRequest, RECORD_TYPE, dm_of=USER))
_REQUESTED_BY = Prepared(with_links(
    select(*LISTED).where(ApprovalRequest.team_id == TEAM, ApprovalRequest.requester == USER,
                          ApprovalRequest.status == "pending")
    .order_by(ApprovalRequest.id).limit(bindparam("limit")), ApprovalRequest, RECORD_TYPE))


def snapshot(request: ApprovalRequest, approvers: list[ApprovalApprover]) -> dict:
    """What the audit trail keeps of a new request."""
    fields = ("title", "description", "link", "policy", "due_on", "nc_id", "requester", "status",
              "card_channel", "source_channel", "source_ts", "source_author", "source_text", "source_permalink")
    return {**{name: getattr(request, name) for name in fields},
            "approvers": [approver.user_id for approver in approvers],
            "left_the_workspace": [approver.user_id for approver in approvers if approver.decision == LEFT]}
