"""c3) Process performance as the approvals show it, for the digest (ISO 9001 9.3.2 c 3): decided,
pending, the oldest pending, the median time to a decision. A fixed number of statements."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.qms.approvals.records import RECORD_TYPE
from bot.qms.inputs import Figure, InputGroup, ItemList, ItemRef, Period
from bot.qms.reviews.figures import TOP, age_days, bucket, days, earliest, median_days
from models.approval import ApprovalApprover, ApprovalRequest

TITLE = "c3) Process performance: approvals"
NO_PROCESS = "Approval requests name no process in Trellis yet, so they are not split per process."


def review_input(session: Session, *, team_id: str, period: Period, now: datetime) -> InputGroup:
    decided = session.execute(select(ApprovalRequest.status, ApprovalRequest.created_at, ApprovalRequest.closed_at)
                              .where(ApprovalRequest.team_id == team_id,
                                     ApprovalRequest.status.in_(("approved", "rejected")),
                                     ApprovalRequest.closed_at >= earliest(period),
                                     ApprovalRequest.closed_at < period.end)).all()
    approved = bucket(((row.closed_at, 1) for row in decided if row.status == "approved"), period)
    rejected = bucket(((row.closed_at, 1) for row in decided if row.status == "rejected"), period)
    waits = bucket(((row.closed_at, days(row.created_at, row.closed_at)) for row in decided), period)
    pending_where = (ApprovalRequest.team_id == team_id, ApprovalRequest.status == "pending")
    pending_count = session.scalar(select(func.count()).select_from(ApprovalRequest).where(*pending_where)) or 0
    oldest = session.scalars(select(ApprovalRequest).where(*pending_where)
                             .order_by(ApprovalRequest.created_at, ApprovalRequest.id).limit(TOP)).all()
    waiting_on = _waiting_on(session, team_id, [request.id for request in oldest])
    figures = (
        Figure("Approved", len(approved[0]), tuple(len(values) for values in approved[1:])),
        Figure("Rejected", len(rejected[0]), tuple(len(values) for values in rejected[1:])),
        Figure("Median days to decision", median_days(waits[0]), tuple(median_days(values) for values in waits[1:])),
        Figure("Pending now", pending_count),
        Figure("Oldest pending (days)", age_days(oldest[0].created_at, now) if oldest else None),
    )
    pending = ItemList("Pending, oldest first", tuple(
        ItemRef(RECORD_TYPE, request.record_id, request.title, request.requester, age_days(request.created_at, now),
                _note(request, waiting_on.get(request.id, []))) for request in oldest),
        max(0, pending_count - len(oldest)))
    return InputGroup("c3", TITLE, figures, (pending,) if pending.items else (), note=NO_PROCESS)


def _waiting_on(session: Session, team_id: str, request_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if request_ids:
        for request_id, user_id in session.execute(
                select(ApprovalApprover.request_id, ApprovalApprover.user_id).where(
                    ApprovalApprover.team_id == team_id, ApprovalApprover.request_id.in_(request_ids),
                    ApprovalApprover.decision == "pending").order_by(ApprovalApprover.position)):
            found.setdefault(request_id, []).append(user_id)
    return found


def _note(request: ApprovalRequest, approvers: list[str]) -> str:
    waiting = "pending with " + ", ".join(f"<@{user_id}>" for user_id in approvers) if approvers else ""
    due = f"due {request.due_on:%d %b}" if request.due_on else ""
    return " · ".join(part for part in (waiting, due) if part)
