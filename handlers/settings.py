"""`/qms settings`: the settings modal and saving it (managers and workspace admins only)."""
from __future__ import annotations

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.blocks.refusals import refusal_text
from bot.blocks.settings import CHANNEL_PROBLEMS, read_settings, settings_modal
from bot.db import SessionFactory
from bot.directory import Directory
from bot.messages import settings as settings_messages
from bot.qms import workspaces
from bot.qms.refusals import Refused
from bot.qms.responses import channels as customer_channels
from bot.qms.workspaces import rules
from handlers.answers import first_delivery, form_errors, refuse
from handlers.context import WorkspaceContext

NOT_A_MANAGER = "Only Trellis managers and workspace admins can change settings."


def open_modal(ack: Ack, command: dict, respond: Respond, client: WebClient, sessions: SessionFactory,
               workspace: WorkspaceContext) -> None:
    ack()
    if not workspace.is_manager:
        refuse(respond, Refused("manage_settings"))
        return
    with sessions.reads() as session:  # the cache only: no Slack call before the modal is open
        suggested = tuple(customer_channels.shared_channels(session, team_id=workspace.team_id))
        names = customer_channels.names(session, team_id=workspace.team_id,
                                        channel_ids=workspace.settings.customer_channels)
    client.views_open(trigger_id=command["trigger_id"], view=settings_modal(workspace.settings, suggested, names))


def save(ack: Ack, body: dict, view: dict, sessions: SessionFactory, directory: Directory,
         workspace: WorkspaceContext, now) -> None:
    changes, problems = rules.check(read_settings(view["state"]["values"]))
    if not problems and not workspace.is_manager:
        problems = {"managers": refusal_text(Refused("manager_unconfirmed")) if workspace.manager is None
                    else NOT_A_MANAGER}
    if not problems:
        problems = channel_problems(changes, sessions, directory, workspace)
    if form_errors(ack, problems):
        return
    with sessions.begin() as session:
        if first_delivery(session, body, team_id=workspace.team_id, now=now):  # a resent submit saves once
            workspaces.update_settings(session, team_id=workspace.team_id, actor=workspace.user_id, changes=changes,
                                       now=now)
    ack()


def channel_problems(changes: dict, sessions: SessionFactory, directory: Directory,
                     workspace: WorkspaceContext) -> dict[str, str]:
    """Each newly chosen channel Trellis cannot post to, by field (asked of Slack, about a second each)."""
    def told_later(channel_id: str, problem: str) -> None:
        with sessions.begin() as session:
            settings_messages.channel_unusable(session, team_id=workspace.team_id, user_id=workspace.user_id,
                                               channel_id=channel_id, problem=problem, now=workspace.now)

    problems = {}
    for field in ("quality_channel", "digest_channel", "knowledge_channel"):
        channel = changes.get(field)
        if channel and channel != getattr(workspace.settings, field):
            found = directory.check_channel(workspace.team_id, channel, on_late=told_later)
            if found in CHANNEL_PROBLEMS:
                problems[field] = CHANNEL_PROBLEMS[found]
    return problems
