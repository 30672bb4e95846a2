"""What an approval request's changes say in Slack.

Every copy of the card is remembered by its role: the record's card in the quality
channel (in the requester's DM when there is no quality channel) and a DM copy for
each approver who was asked (one who had left the workspace gets none; the
requester is told instead). The copies are known from the request alone, so an
update can be queued before the post it updates has been delivered.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks.approvals.card import approval_card, left_notice, requester_notice, thread_line
from bot.messages import evidence
from bot.messages.posts import direct_message, post_copy, reply_in_thread, update_copy
from bot.outbox.queue import Copy
from bot.qms.approvals import records
from bot.qms.approvals.records import RECORD_TYPE, Outcome, deciders
from models.approval import ApprovalApprover, ApprovalRequest
from models.outbox import DM


def card(request: ApprovalRequest) -> Copy:
    return Copy(RECORD_TYPE, request.record_id)


def approver_copy(request: ApprovalRequest, user_id: str) -> Copy:
    return Copy(RECORD_TYPE, request.record_id, DM, user_id)


def announce(session: Session, outcome: Outcome, *, now: datetime) -> None:
    """A new request: its card in the quality channel (or the requester's DM) and each approver's DM."""
    request, team_id = outcome.request, outcome.request.team_id
    names = _names(session, request)
    post_copy(session, team_id=team_id, copy=card(request), channel=request.card_channel or request.requester,
              message=approval_card(request, outcome.approvers, names=names), now=now,
              notify_on_failure=request.requester if request.card_channel else None)
    for approver in deciders(outcome.approvers):
        post_copy(session, team_id=team_id, copy=approver_copy(request, approver.user_id),
                  channel=approver.user_id, message=_dm_copy(outcome, approver, names), now=now)
    evidence.fetch_permalink(session, request, record_type=RECORD_TYPE, now=now)
    if len(deciders(outcome.approvers)) < len(outcome.approvers):
        _tell_requester(session, request, left_notice(request, outcome.approvers), now)


def report_change(session: Session, outcome: Outcome, *, actor: str, now: datetime) -> None:
    """A decision or cancellation: every copy updated in place, a thread line, the requester told."""
    request = outcome.request
    show(session, outcome, now)
    if request.card_channel:
        reply_in_thread(session, team_id=request.team_id, copy=card(request),
                        message={"text": thread_line(request, actor, outcome.action)}, now=now)
    if request.status != "pending" and actor != request.requester:
        _tell_requester(session, request, requester_notice(request, outcome.approvers), now)


def show(session: Session, outcome: Outcome, now: datetime) -> None:
    """Every copy of the card updated in place to show the request as it is now."""
    request, team_id, names = outcome.request, outcome.request.team_id, _names(session, outcome.request)
    update_copy(session, team_id=team_id, copy=card(request),
                message=approval_card(request, outcome.approvers, names=names), now=now)
    for approver in deciders(outcome.approvers):
        update_copy(session, team_id=team_id, copy=approver_copy(request, approver.user_id),
                    message=_dm_copy(outcome, approver, names), now=now)


def _tell_requester(session: Session, request: ApprovalRequest, text: str, now: datetime) -> None:
    direct_message(session, team_id=request.team_id, key=request.record_id, user_id=request.requester,
                   message={"text": text}, now=now)


def _dm_copy(outcome: Outcome, approver: ApprovalApprover, names: dict[str, str]) -> dict:
    return approval_card(outcome.request, outcome.approvers, approver=approver, names=names)


def _names(session: Session, request: ApprovalRequest) -> dict[str, str]:
    return evidence.names_in(session, request.team_id, [request.source_text])


def _refresh(session: Session, request: ApprovalRequest, now: datetime) -> None:
    show(session, Outcome(request, records.approvers_of(session, request), "approval.evidence_linked"), now)


evidence.register(RECORD_TYPE, lambda session, team_id, record_id: records.get(session, team_id=team_id,
                                                                                record_id=record_id), _refresh)
