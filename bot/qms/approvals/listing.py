"""Approvals in `/qms mine` and on the Home tab: what waits on someone, and what they asked for.

bot.qms.mine lists these SECTIONS after the nonconformances'.
"""
from __future__ import annotations

from sqlalchemy import Row, bindparam, func, select
from sqlalchemy.orm import Session

from bot.qms.approvals import records as approvals
from bot.qms.listing import LIMIT, Item, SectionSource, Viewer
from models import ApprovalApprover


def waiting_on_viewer(session: Session, viewer: Viewer) -> list[Item]:
    """Requests the viewer is asked to decide; the link opens their own copy (where the buttons are)."""
    requests = approvals.waiting_on(session, team_id=viewer.team_id, user_id=viewer.user_id, limit=LIMIT)
    return [Item(r.record_id, r.title, _due(r, "waiting for you"), r.link) for r in requests]


def requested_by_viewer(session: Session, viewer: Viewer) -> list[Item]:
    """The viewer's own requests still waiting for a decision, with how far they got."""
    requests = approvals.pending_requested_by(session, team_id=viewer.team_id, user_id=viewer.user_id,
                                              limit=LIMIT)
    approved = dict(session.execute(_APPROVED, {"team_id": viewer.team_id,
                                                "request_ids": [r.id for r in requests]}).all()) if requests else {}
    return [Item(r.record_id, r.title, _due(r, _progress(r, approved.get(r.id, 0))), r.link) for r in requests]


SECTIONS = [
    SectionSource("Approvals waiting on you", "No approval is waiting on you.", waiting_on_viewer),
    SectionSource("Your approval requests", "No request of yours is waiting.", requested_by_viewer),
]


_APPROVED = (select(ApprovalApprover.request_id, func.count())  # built once: /qms mine and Home run it each time
             .where(ApprovalApprover.team_id == bindparam("team_id"), ApprovalApprover.decision == "approved",
                    ApprovalApprover.request_id.in_(bindparam("request_ids", expanding=True)))
             .group_by(ApprovalApprover.request_id))


def _progress(request: Row, approved: int) -> str:
    return f"{approved} approved so far" if request.policy == "all" and approved else "waiting for approval"


def _due(request: Row, state: str) -> str:
    return f"{state} · due {request.due_on:%d %b %Y}" if request.due_on else state
