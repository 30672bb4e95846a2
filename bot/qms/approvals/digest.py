"""c3) Process performance as the approvals show it, for the digest (ISO 9001 9.3.2 c 3): decided,
pending, the oldest pending, the median time to a decision. A fixed number of statements."""
from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import Row, bindparam, case, select
from sqlalchemy.orm import Session

from bot.qms.approvals.records import RECORD_TYPE
from bot.qms.inputs import Figure, InputGroup, ItemList, ItemRef, Period
from bot.qms.reviews.figures import (
    TOP,
    age_days,
    days_between,
    earliest,
    median_days,
    window_bounds,
    window_values,
    windows,
)
from bot.qms.rows import first_with_total
from bot.qms.workspaces import WorkspaceSettings
from models.approval import ApprovalApprover, ApprovalRequest

TITLE = "c3) Process performance: approvals"
NO_PROCESS = "Approval requests name no process in Trellis yet, so they are not split per process."


def review_input(session: Session, *, team_id: str, period: Period, now: datetime,
                 settings: WorkspaceSettings | None = None) -> InputGroup:  # no setting changes this input
    spans, connection = windows(period), session.connection()
    approved, rejected, waits = ([[] for _ in spans] for _ in range(3))
    for index, status, waited in connection.execute(_decided(len(spans)), {
            "team_id": team_id, "since": earliest(period), "until": period.end, **window_values(period)}):
        (approved if status == "approved" else rejected)[index].append(1)
        waits[index].append(waited)
    oldest = connection.execute(_OLDEST_PENDING, {"team_id": team_id}).all()
    pending_count = oldest[0].total if oldest else 0
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


@cache
def _decided(count: int):
    """Per decision in the windows, its window's index and its days to decide: small numbers, no timestamp
    read into Python."""
    window = case(*(((ApprovalRequest.closed_at >= start) & (ApprovalRequest.closed_at < end), index)
                    for index, (start, end) in enumerate(window_bounds(index) for index in range(count))))
    return select(window, ApprovalRequest.status, days_between(ApprovalRequest.created_at, ApprovalRequest.closed_at)
                  ).where(ApprovalRequest.team_id == bindparam("team_id"),
                          ApprovalRequest.status.in_(("approved", "rejected")),
                          ApprovalRequest.closed_at >= bindparam("since"),
                          ApprovalRequest.closed_at < bindparam("until"))


_PENDING = (ApprovalRequest.team_id == bindparam("team_id"), ApprovalRequest.status == "pending")
_OLDEST_PENDING = first_with_total(
    ApprovalRequest, (ApprovalRequest.id, ApprovalRequest.record_id, ApprovalRequest.title, ApprovalRequest.requester,
                      ApprovalRequest.created_at, ApprovalRequest.due_on), _PENDING,
    order_by=(ApprovalRequest.created_at, ApprovalRequest.id), limit=TOP)
_WAITING_ON = (select(ApprovalApprover.request_id, ApprovalApprover.user_id)
               .where(ApprovalApprover.team_id == bindparam("team_id"),
                      ApprovalApprover.request_id.in_(bindparam("request_ids", expanding=True)),
                      ApprovalApprover.decision == "pending").order_by(ApprovalApprover.position))


def _waiting_on(session: Session, team_id: str, request_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if request_ids:
        for request_id, user_id in session.connection().execute(_WAITING_ON, {"team_id": team_id,
                                                                              "request_ids": request_ids}):
            found.setdefault(request_id, []).append(user_id)
    return found


def _note(request: Row, approvers: list[str]) -> str:
    waiting = "pending with " + ", ".join(f"<@{user_id}>" for user_id in approvers) if approvers else ""
    due = f"due {request.due_on:%d %b}" if request.due_on else ""
    return " · ".join(part for part in (waiting, due) if part)
