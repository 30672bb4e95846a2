"""Approvals in `/qms mine` and on the Home tab: what waits on someone, and what they asked for.

bot.qms.mine lists these SECTIONS after the nonconformances'.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.qms.approvals import records as approvals
from bot.qms.listing import LIMIT, Item, SectionSource, Viewer, card_links
from models import ApprovalApprover, ApprovalRequest


def waiting_on_viewer(session: Session, viewer: Viewer) -> list[Item]:
    """Requests the viewer is asked to decide; the link opens their own copy (where the buttons are)."""
    requests = approvals.waiting_on(session, team_id=viewer.team_id, user_id=viewer.user_id, limit=LIMIT)
    links = card_links(session, team_id=viewer.team_id, record_type=approvals.RECORD_TYPE,
                       record_ids=[r.record_id for r in requests], dm_of=viewer.user_id)
    return [Item(r.record_id, r.title, _due(r, "waiting for you"), links.get(r.record_id)) for r in requests]


def requested_by_viewer(session: Session, viewer: Viewer) -> list[Item]:
    """The viewer's own requests still waiting for a decision, with how far they got."""
    requests = approvals.pending_requested_by(session, team_id=viewer.team_id, user_id=viewer.user_id,
                                              limit=LIMIT)
    approved = dict(session.execute(
        select(ApprovalApprover.request_id, func.count()).where(
            ApprovalApprover.team_id == viewer.team_id, ApprovalApprover.decision == "approved",
            ApprovalApprover.request_id.in_([r.id for r in requests]))
        .group_by(ApprovalApprover.request_id)).all()) if requests else {}
    links = card_links(session, team_id=viewer.team_id, record_type=approvals.RECORD_TYPE,
                       record_ids=[r.record_id for r in requests])
    return [Item(r.record_id, r.title, _due(r, _progress(r, approved.get(r.id, 0))), links.get(r.record_id))
            for r in requests]


SECTIONS = [
    SectionSource("Approvals waiting on you", "No approval is waiting on you.", waiting_on_viewer),
    SectionSource("Your approval requests", "No request of yours is waiting.", requested_by_viewer),
]


def _progress(request: ApprovalRequest, approved: int) -> str:
    return f"{approved} approved so far" if request.policy == "all" and approved else "waiting for approval"


def _due(request: ApprovalRequest, state: str) -> str:
    return f"{state} · due {request.due_on:%d %b %Y}" if request.due_on else state
