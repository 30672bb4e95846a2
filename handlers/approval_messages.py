"""Queue the Slack messages that report an approval request's changes (bot.qms.outbox).

Every copy of the card has a saved name: "card:APR-3" in the quality channel (or
"card:APR-3:requester", the requester's DM, when there is no quality channel) and
"card:APR-3:dm:<user>" for each approver who was asked (one who had left the
workspace gets no copy; the requester is told instead). The names are known from the request
alone, so an update can be queued before the post it updates has been delivered.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks.approval_card import approval_card, left_notice, requester_notice, thread_line
from bot.qms import outbox
from bot.qms.approvals import Outcome, deciders
from models.approval import ApprovalApprover, ApprovalRequest


def home_card(request: ApprovalRequest) -> str:
    return f"card:{request.record_id}" if request.card_channel else f"card:{request.record_id}:requester"


def approver_card(request: ApprovalRequest, user_id: str) -> str:
    return f"card:{request.record_id}:dm:{user_id}"


def announce(session: Session, outcome: Outcome, *, now: datetime) -> None:
    """A new request: its card in the quality channel (or the requester's DM) and each approver's DM."""
    request = outcome.request
    home = {"channel": request.card_channel or request.requester, **approval_card(request, outcome.approvers)}
    _send(session, request, now, home, save_as=home_card(request))
    for approver in deciders(outcome.approvers):
        _send(session, request, now, {"channel": approver.user_id, **_dm_copy(outcome, approver)},
              save_as=approver_card(request, approver.user_id))
    if len(deciders(outcome.approvers)) < len(outcome.approvers):
        _send(session, request, now, {"channel": request.requester,
                                      "text": left_notice(request, outcome.approvers)})


def report_change(session: Session, outcome: Outcome, *, actor: str, now: datetime) -> None:
    """A decision or cancellation: every copy updated in place, a thread line, the requester told."""
    request = outcome.request
    _update(session, request, now, approval_card(request, outcome.approvers), home_card(request))
    for approver in deciders(outcome.approvers):
        _update(session, request, now, _dm_copy(outcome, approver), approver_card(request, approver.user_id))
    if request.card_channel:
        _send(session, request, now, {"text": thread_line(request, actor, outcome.action)},
              target=home_card(request), target_field="thread_ts")
    if request.status != "pending" and actor != request.requester:
        _send(session, request, now, {"channel": request.requester,
                                      "text": requester_notice(request, outcome.approvers)})


def _dm_copy(outcome: Outcome, approver: ApprovalApprover) -> dict:
    return approval_card(outcome.request, outcome.approvers, approver=approver)


def _update(session: Session, request: ApprovalRequest, now: datetime, message: dict, name: str) -> None:
    outbox.enqueue(session, team_id=request.team_id, key=request.record_id, method="chat.update", args=message,
                   now=now, target=name, target_field="ts")


def _send(session: Session, request: ApprovalRequest, now: datetime, args: dict, **where) -> None:
    outbox.enqueue(session, team_id=request.team_id, key=request.record_id, method="chat.postMessage", args=args,
                   now=now, **where)
