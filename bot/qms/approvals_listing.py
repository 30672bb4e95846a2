"""Approvals in `/qms mine` and on the Home tab: what waits on someone, and what they asked for.

SECTIONS follow bot.qms.mine's sections (handlers/mine.py lists both).
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.qms import approvals
from bot.qms.mine import LIMIT, Item, SectionSource, Viewer
from bot.qms.threads import message_link
from models import ApprovalApprover, ApprovalRequest, SlackMessage


def waiting_on_viewer(session: Session, viewer: Viewer) -> list[Item]:
    """Requests the viewer is asked to decide; the link opens their own copy (where the buttons are)."""
    requests = approvals.waiting_on(session, team_id=viewer.team_id, user_id=viewer.user_id, limit=LIMIT)
    links = _links(session, viewer.team_id, requests, preferred=f":dm:{viewer.user_id}", fallback="")
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
    links = _links(session, viewer.team_id, requests, preferred="", fallback=":requester")
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


def _links(session: Session, team_id: str, requests: list[ApprovalRequest], *, preferred: str,
           fallback: str) -> dict[str, str]:
    """record id -> link to its saved copy "card:<id><preferred>", else "card:<id><fallback>"."""
    names = {f"card:{r.record_id}{suffix}": (r.record_id, rank)
             for r in requests for rank, suffix in enumerate((fallback, preferred))}
    if not names:
        return {}
    rows = session.scalars(select(SlackMessage).where(SlackMessage.team_id == team_id,
                                                      SlackMessage.name.in_(list(names))))
    best: dict[str, tuple[int, str]] = {}
    for row in rows:
        record_id, rank = names[row.name]
        if rank >= best.get(record_id, (-1, ""))[0]:
            best[record_id] = (rank, message_link(row.channel, row.ts))
    return {record_id: link for record_id, (_, link) in best.items()}
