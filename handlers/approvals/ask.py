"""Asking for a sign-off: `/qms approval`, the message shortcut, and the request modal."""
from __future__ import annotations

from dataclasses import replace

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.approvals.modals import read_request, request_modal
from bot.blocks.text import as_typed
from bot.db import SessionFactory
from bot.messages import approvals as approval_messages
from bot.qms.approvals import records, rules
from bot.qms.approvals.rules import Person
from bot.qms.nc import records as ncs
from handlers.answers import first_delivery, form_errors
from handlers.context import WorkspaceContext
from handlers.evidence import shortcut_source, with_permalink
from handlers.slash import rest_of


def command(ack: Ack, command: dict, client: WebClient) -> None:
    """`/qms approval [text]`: the modal, with the text as its title."""
    ack()
    title = as_typed(rest_of(command)).strip()[:rules.TITLE_MAX] or None
    client.views_open(trigger_id=command["trigger_id"], view=request_modal(title))


def from_message(ack: Ack, shortcut: dict, client: WebClient) -> None:
    """Message shortcut `request_approval`: the message is the thing being approved."""
    ack()
    source = shortcut_source(shortcut)
    title = (as_typed(source.text).strip().splitlines() or [""])[0][:rules.TITLE_MAX] or None
    client.views_open(trigger_id=shortcut["trigger_id"], view=request_modal(title, source=source))


def save(ack: Ack, body: dict, view: dict, client: WebClient, sessions: SessionFactory,
         workspace: WorkspaceContext, now) -> None:
    draft = read_request(view["state"]["values"], view.get("private_metadata") or "")
    problems = rules.problems(draft, today=workspace.today)
    people = [person(client, approver) for approver in draft.approvers[:rules.MAX_APPROVERS + 1]]
    problem = rules.approver_problem(workspace.settings, requester=workspace.user_id, people=people)
    if problem:
        problems["approvers"] = problem
    if draft.nc_id and "nc_id" not in problems:
        with sessions.reads() as session:
            if not ncs.exists(session, team_id=workspace.team_id, record_id=draft.nc_id):
                problems["nc_id"] = f"There is no {draft.nc_id} in this workspace."
    if form_errors(ack, problems):
        return
    draft = replace(draft, names={p.user_id: p.name for p in people}, left=rules.left_the_workspace(people),
                    source=with_permalink(client, draft.source))
    with sessions.begin() as session:
        # Slack may deliver one submission twice: the view's id and hash make it one request.
        if first_delivery(session, body, team_id=workspace.team_id, now=now):
            outcome = records.create(session, team_id=workspace.team_id, requester=workspace.user_id, draft=draft,
                                     card_channel=workspace.settings.quality_channel, now=now)
            approval_messages.announce(session, outcome, now=now)
    ack()


def person(client: WebClient, user_id: str) -> Person:
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
