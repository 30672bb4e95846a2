"""Deciding a request (Approve, Reject with its reason modal) and withdrawing it (Cancel)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.blocks.approvals.modals import read_reason, rejection_modal
from bot.blocks.errors import notice_view
from bot.blocks.ids import APPROVAL_REJECTION
from bot.db import SessionFactory
from bot.messages import approvals as approval_messages
from bot.qms.approvals import lifecycle, rules
from bot.qms.approvals.records import Outcome
from handlers.answers import attempt, first_delivery, form_errors, refuse
from handlers.context import WorkspaceContext


def approve(ack: Ack, body: dict, action: dict, respond: Respond, sessions: SessionFactory,
            workspace: WorkspaceContext, now) -> None:
    ack()
    refusal = _change(sessions, body, workspace, now, lambda session: lifecycle.decide(
        session, team_id=workspace.team_id, record_id=action["value"], actor=workspace.user_id, approve=True,
        comment=None, now=now))
    if refusal:
        refuse(respond, refusal)


def ask_reason(ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient,
               sessions: SessionFactory, workspace: WorkspaceContext) -> None:
    """Reject: check the clicker may decide, then ask for the required reason."""
    ack()
    view, refusal = attempt(sessions, lambda session: rejection_modal(lifecycle.may_decide(
        session, team_id=workspace.team_id, record_id=action["value"], actor=workspace.user_id)))
    if refusal:
        refuse(respond, refusal)
        return
    client.views_open(trigger_id=body["trigger_id"], view=view)


def save_reason(ack: Ack, body: dict, view: dict, sessions: SessionFactory, workspace: WorkspaceContext,
                now) -> None:
    reason = read_reason(view["state"]["values"])
    problem = rules.reason_problem(reason)
    if form_errors(ack, {"reason": problem} if problem else {}):
        return
    refusal = _change(sessions, body, workspace, now, lambda session: lifecycle.decide(
        session, team_id=workspace.team_id, record_id=view["private_metadata"], actor=workspace.user_id,
        approve=False, comment=reason, now=now))
    if refusal:  # decided meanwhile: say so in the modal (mrkdwn renders here, unlike field errors)
        ack(response_action="update", view=notice_view(APPROVAL_REJECTION, "Not rejected", refusal))
        return
    ack()


def cancel(ack: Ack, body: dict, action: dict, respond: Respond, sessions: SessionFactory,
           workspace: WorkspaceContext, now) -> None:
    ack()
    is_manager = workspace.is_manager  # may ask Slack: before the transaction
    refusal = _change(sessions, body, workspace, now, lambda session: lifecycle.cancel(
        session, team_id=workspace.team_id, record_id=action["value"], actor=workspace.user_id,
        actor_is_manager=is_manager, now=now))
    if refusal:
        refuse(respond, refusal)


def _change(sessions: SessionFactory, body: dict, workspace: WorkspaceContext, now: datetime,
            change: Callable[[Session], Outcome]) -> str | None:
    """Apply one change and queue the card updates it causes; the refusal's words if refused.
    A reason Slack submits twice (same view id and hash) is recorded once, and the repeat is not refused."""

    def work(session: Session) -> None:
        if body.get("type") == "view_submission" and not first_delivery(session, body, team_id=workspace.team_id,
                                                                        now=now):
            return
        approval_messages.report_change(session, change(session), actor=workspace.user_id, now=now)

    return attempt(sessions, work)[1]
