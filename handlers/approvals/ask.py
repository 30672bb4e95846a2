"""Asking for a sign-off: `/qms approval`, the message shortcut, and the request modal."""
from __future__ import annotations

from dataclasses import replace

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.blocks.approvals.modals import read_request, request_modal
from bot.blocks.slack_text import readable
from bot.db import SessionFactory
from bot.directory import Directory
from bot.messages import approvals as approval_messages
from bot.qms.approvals import records, rules
from bot.qms.approvals.rules import Person
from bot.qms.nc import records as ncs
from bot.qms.workspaces import is_manager
from handlers.answers import first_delivery, form_errors
from handlers.context import WorkspaceContext
from handlers.evidence import checked_again, look_up_later, shortcut_source
from handlers.nc.report import names
from handlers.slash import rest_of
from models import SlackUser

LOOKUP_WAIT = 0.8  # seconds a submit waits for Slack to describe approvers not yet known (the ack is due in 3)
NAME_WAIT = 0.25


def command(ack: Ack, command: dict, client: WebClient, directory: Directory, workspace: WorkspaceContext) -> None:
    """`/qms approval [text]`: the modal, with the text as its title."""
    ack()
    text = rest_of(command)
    title = readable(text, names(directory, workspace, text)).strip()[:rules.TITLE_MAX] or None
    client.views_open(trigger_id=command["trigger_id"], view=request_modal(title))


def from_message(ack: Ack, shortcut: dict, client: WebClient, directory: Directory,
                 workspace: WorkspaceContext) -> None:
    """Message shortcut `request_approval`: the message is the thing being approved."""
    ack()
    source = shortcut_source(shortcut, directory, workspace.team_id)
    known = names(directory, workspace, source.text)
    title = (readable(source.text, known).strip().splitlines() or [""])[0][:rules.TITLE_MAX] or None
    client.views_open(trigger_id=shortcut["trigger_id"], view=request_modal(title, source=source, names=known))
    look_up_later(directory, workspace.team_id, source)


def approvers_chosen(ack: Ack, action: dict, directory: Directory, workspace: WorkspaceContext) -> None:
    """Each change of the approvers field (dispatch_action): look them up now, so the submit finds them known."""
    ack()
    directory.users(workspace.team_id, action.get("selected_users") or [])


def save(ack: Ack, body: dict, view: dict, sessions: SessionFactory, directory: Directory,
         workspace: WorkspaceContext, now) -> None:
    draft = read_request(view["state"]["values"], view.get("private_metadata") or "")
    problems = rules.problems(draft, today=workspace.today)
    problem = rules.count_problem(len(draft.approvers))  # before any look-up
    people: list[Person] = []
    if not problem:
        # A moment for names (the approve dialog says "as <name>"); longer only for people the rules cannot
        # judge without Slack — those who are not named managers. Choosing them already looked them up.
        found = directory.users(workspace.team_id, draft.approvers, wait=NAME_WAIT)
        settings = workspace.settings
        needed = [user_id for user_id, facts in found.items() if facts is None
                  and not (settings.allow_any_approver or is_manager(settings, user_id))]
        if needed:
            found.update(directory.users(workspace.team_id, needed, wait=LOOKUP_WAIT - NAME_WAIT))
        people = [person(user_id, found[user_id]) for user_id in draft.approvers]
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
                    source=checked_again(draft.source, directory, workspace.team_id))
    with sessions.begin() as session:
        # Slack may deliver one submission twice: the view's id and hash make it one request.
        if first_delivery(session, body, team_id=workspace.team_id, now=now):
            outcome = records.create(session, team_id=workspace.team_id, requester=workspace.user_id, draft=draft,
                                     card_channel=workspace.settings.quality_channel, now=now)
            approval_messages.announce(session, outcome, now=now)
    ack()


def person(user_id: str, facts: SlackUser | None) -> Person:
    """What the approver rules need to know about a chosen user."""
    if facts is None:
        return Person(user_id=user_id, name=user_id, known=False)
    named = facts.real_name or (facts.name if facts.name != user_id else "")
    return Person(user_id=user_id, name=named or f"The person you chose ({user_id})", deleted=facts.deleted,
                  is_bot=facts.is_bot, is_admin=facts.is_admin, found=not facts.deleted)
