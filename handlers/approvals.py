"""Approval listeners: ask (command, message shortcut, modal), decide (buttons, reason modal), cancel."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.blocks.approval_card import APPROVE, CANCEL, REJECT, refusal_text
from bot.blocks.approval_modals import (REJECTION, REQUEST, read_reason, read_request, rejection_modal,
                                        request_modal)
from bot.blocks.forms import modal
from bot.blocks.text import as_typed, section
from bot.qms import approvals
from bot.qms.approvals_rules import Person, approver_problem, left_the_workspace
from bot.qms.workspaces import WorkspaceSettings
from bot.services import Services
from handlers import approval_messages
from handlers.common import (first_delivery, may_manage, services, shortcut_source, team_id_of, user_id_of,
                             with_permalink, workspace_settings)


def register_actions(app: App) -> None:
    app.action(APPROVE)(approve)
    app.action(REJECT)(ask_reason)
    app.action(CANCEL)(cancel)


def register_views(app: App) -> None:
    app.view(REQUEST)(submit_request)
    app.view(REJECTION)(submit_rejection)


# --- asking -------------------------------------------------------------------------------------

def open_request(*, ack: Ack, command: dict, client: WebClient, text: str, **_) -> None:
    """`/qms approval [text]`: the modal, with the text as its title."""
    ack()
    client.views_open(trigger_id=command["trigger_id"], view=request_modal(as_typed(text).strip()[:150] or None))


def open_request_from_message(ack: Ack, shortcut: dict, client: WebClient) -> None:
    """Message shortcut `request_approval`: the message is the thing being approved."""
    ack()
    source = shortcut_source(shortcut)
    title = (as_typed(source.text).strip().splitlines() or [""])[0][:150] or None
    client.views_open(trigger_id=shortcut["trigger_id"], view=request_modal(title, source=source))


def submit_request(ack: Ack, body: dict, view: dict, client: WebClient, context) -> None:
    svc = services(context)
    team_id, user_id, now = team_id_of(body), user_id_of(body), svc.now()
    settings = workspace_settings(svc, team_id)
    draft, errors = read_request(view["state"]["values"], view.get("private_metadata") or "",
                                 today=_today(settings, now))
    people = [_person(client, approver) for approver in draft.approvers]
    problem = approver_problem(settings, requester=user_id, people=people)
    if problem:
        errors["approvers"] = problem
    if draft.nc_id and "nc_id" not in errors and not _nc_exists(svc, team_id, draft.nc_id):
        errors["nc_id"] = f"There is no {draft.nc_id} in this workspace."
    if errors:
        ack(response_action="errors", errors=errors)
        return
    draft = replace(draft, names={person.user_id: person.name for person in people}, left=left_the_workspace(people),
                    source=with_permalink(client, draft.source))
    with svc.session_factory.begin() as session:
        # Slack may deliver one submission twice: the view's id and hash make it one request.
        if first_delivery(session, body, now=now):
            outcome = approvals.create(session, team_id=team_id, requester=user_id, draft=draft,
                                       card_channel=settings.quality_channel, now=now)
            approval_messages.announce(session, outcome, now=now)
    ack()


# --- deciding -----------------------------------------------------------------------------------

def approve(ack: Ack, body: dict, respond: Respond, context) -> None:
    ack()
    refusal = _decide(services(context), body, body["actions"][0]["value"], approve=True, comment=None)
    if refusal:
        _refuse(respond, refusal)


def ask_reason(ack: Ack, body: dict, respond: Respond, client: WebClient, context) -> None:
    """Reject: check the clicker may decide, then ask for the required reason."""
    ack()
    view, refusal = _attempt(services(context), lambda session: rejection_modal(approvals.may_decide(
        session, team_id=team_id_of(body), record_id=body["actions"][0]["value"], actor=user_id_of(body))))
    if refusal:
        _refuse(respond, refusal)
        return
    client.views_open(trigger_id=body["trigger_id"], view=view)


def submit_rejection(ack: Ack, body: dict, view: dict, context) -> None:
    reason, errors = read_reason(view["state"]["values"])
    if errors:
        ack(response_action="errors", errors=errors)
        return
    refusal = _decide(services(context), body, view["private_metadata"], approve=False, comment=reason)
    if refusal:  # decided meanwhile: say so in the modal (mrkdwn renders here, unlike field errors)
        ack(response_action="update", view=modal(REJECTION, "Not rejected", [section(refusal)], submit="",
                                                 close="Close"))
        return
    ack()


def cancel(ack: Ack, body: dict, respond: Respond, client: WebClient, context) -> None:
    ack()
    svc = services(context)
    team_id, user_id = team_id_of(body), user_id_of(body)
    is_manager = may_manage(svc, client, team_id=team_id, user_id=user_id)  # may ask Slack: before the session
    refusal = _change(svc, body, lambda session, now: approvals.cancel(
        session, team_id=team_id, record_id=body["actions"][0]["value"], actor=user_id,
        actor_is_manager=is_manager, now=now))
    if refusal:
        _refuse(respond, refusal)


def _decide(svc: Services, body: dict, record_id: str, *, approve: bool, comment: str | None) -> str | None:
    return _change(svc, body, lambda session, now: approvals.decide(
        session, team_id=team_id_of(body), record_id=record_id, actor=user_id_of(body), approve=approve,
        comment=comment, now=now))


def _change(svc: Services, body: dict, change: Callable[[Session, datetime], approvals.Outcome]) -> str | None:
    """Apply one change and queue the card updates it causes; the refusal's words if refused.
    A reason Slack submits twice (same view id and hash) is recorded once, and the repeat is not refused."""
    now = svc.now()

    def work(session: Session) -> None:
        if body.get("type") == "view_submission" and not first_delivery(session, body, now=now):
            return
        approval_messages.report_change(session, change(session, now), actor=user_id_of(body), now=now)

    return _attempt(svc, work)[1]


def _attempt(svc: Services, work: Callable[[Session], Any]) -> tuple[Any, str | None]:
    """Run `work` in one transaction. A refusal rolls it back (nothing changes) and comes back as
    words, written while the session is still open to read what the request is now."""
    with svc.session_factory() as session:
        try:
            with session.begin():
                return work(session), None
        except approvals.Refused as refused:
            return None, refusal_text(refused)


def _refuse(respond: Respond, refusal: str) -> None:
    respond(response_type="ephemeral", replace_original=False, text=refusal)


# --- Slack look-ups -------------------------------------------------------------------------------

def _person(client: WebClient, user_id: str) -> Person:
    """What the approver rules need to know about a chosen user."""
    try:
        info = client.users_info(user=user_id)["user"]
    except SlackApiError as exc:
        if exc.response.get("error") in ("user_not_found", "account_inactive"):
            return Person(user_id=user_id, name=f"The person you chose ({user_id})", found=False)
        raise
    profile = info.get("profile") or {}
    name = profile.get("real_name") or info.get("real_name") or profile.get("display_name") or info.get("name")
    return Person(user_id=user_id, name=name or user_id, deleted=bool(info.get("deleted")),
                  is_bot=bool(info.get("is_bot")) or bool(info.get("is_app_user")),
                  is_admin=bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner")))


def _nc_exists(svc: Services, team_id: str, nc_id: str) -> bool:
    with svc.session_factory() as session:
        return approvals.nc_exists(session, team_id=team_id, nc_id=nc_id)


def _today(settings: WorkspaceSettings, now: datetime) -> date:
    """Due dates are days in the company's timezone."""
    return now.astimezone(ZoneInfo(settings.timezone)).date()
