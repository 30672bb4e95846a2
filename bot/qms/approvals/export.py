"""The workbook's Approvals sheet (ISO 9001 7.5.2, 8.3.4, 8.6): who was asked to sign what off, and who did."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.qms.approvals.records import LEFT, RECORD_TYPE
from bot.qms.export.batches import card_links, count, window_pages
from bot.qms.sheets import DATE, DATETIME, LINK, LONG_TEXT, USER, USERS, Column, SheetSource, Window
from models import ApprovalApprover, ApprovalRequest

COLUMNS = (
    Column("ID", width=10), Column("Title", LONG_TEXT, 40), Column("Description", LONG_TEXT, 50),
    Column("Requester", USER), Column("Approvers", USERS, 30), Column("Policy", width=12),
    Column("Status", width=12), Column("Asked", DATETIME, 20), Column("Due", DATE, 12),
    Column("Decisions", LONG_TEXT, 60), Column("Ended by", USER), Column("Ended", DATETIME, 20),
    Column("Reason", LONG_TEXT, 30), Column("Linked NC", width=10), Column("Link", LINK, 30),
    Column("Source message", LINK, 20), Column("Permalink", LINK, 20),
)
FIELDS = (ApprovalRequest.id, ApprovalRequest.record_id, ApprovalRequest.title, ApprovalRequest.description,
          ApprovalRequest.requester, ApprovalRequest.policy, ApprovalRequest.status, ApprovalRequest.created_at,
          ApprovalRequest.due_on, ApprovalRequest.closed_by, ApprovalRequest.closed_at, ApprovalRequest.reason,
          ApprovalRequest.nc_id, ApprovalRequest.link, ApprovalRequest.source_permalink)
POLICIES = {"any": "Any one approver", "all": "All approvers"}


def count_approvals(session: Session, window: Window) -> int:
    return count(session, ApprovalRequest, ApprovalRequest.created_at, window)


def approval_rows(session: Session, window: Window) -> Iterator[tuple]:
    for page in window_pages(session, window, FIELDS, ApprovalRequest.created_at, ApprovalRequest.id):
        approvers = _approvers(session, [row.id for row in page])
        cards = card_links(session, window.team_id, RECORD_TYPE, [row.record_id for row in page])
        for row in page:
            named = approvers.get(row.id, [])
            yield (
                row.record_id, row.title, row.description, row.requester, [a.user_id for a in named],
                POLICIES.get(row.policy, row.policy), row.status.capitalize(), row.created_at, row.due_on,
                "\n".join(_decision(approver) for approver in named) or None, row.closed_by, row.closed_at,
                row.reason, row.nc_id, row.link, ("Source message", row.source_permalink),
                (row.record_id, cards.get(row.record_id)),
            )


def _approvers(session: Session, request_ids: Sequence[int]) -> dict[int, list]:
    """Each request's approvers in the requester's order: one query per page."""
    found: dict[int, list] = defaultdict(list)
    for approver in session.execute(
            select(ApprovalApprover.request_id, ApprovalApprover.user_id, ApprovalApprover.name,
                   ApprovalApprover.decision, ApprovalApprover.decided_at, ApprovalApprover.comment)
            .where(ApprovalApprover.request_id.in_(request_ids))
            .order_by(ApprovalApprover.request_id, ApprovalApprover.position)):
        found[approver.request_id].append(approver)
    return found


def _decision(approver) -> str:
    """"Mona (U123): approved 2026-03-02 10:15 UTC: Looks right" — one line per approver."""
    if approver.decision == LEFT:
        what = "not asked (had left the workspace)"
    elif approver.decided_at is None:
        what = approver.decision
    else:
        what = f"{approver.decision} {approver.decided_at:%Y-%m-%d %H:%M} UTC"
    comment = f": {approver.comment}" if approver.comment else ""
    return f"{approver.name or approver.user_id} ({approver.user_id}): {what}{comment}"


SHEET = SheetSource("Approvals", "7.5.2, 8.3.4, 8.6", COLUMNS, count_approvals, approval_rows)
