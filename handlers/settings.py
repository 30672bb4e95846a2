"""`/qms settings`: the settings modal and saving it (managers and workspace admins only)."""
from __future__ import annotations

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.blocks.refusals import refusal_text
from bot.blocks.settings import read_settings, settings_modal
from bot.db import SessionFactory
from bot.qms import workspaces
from bot.qms.refusals import Refused
from bot.qms.workspaces import rules
from handlers.answers import first_delivery, form_errors, refuse
from handlers.context import WorkspaceContext

NOT_A_MANAGER = "Only Trellis managers and workspace admins can change settings."


def open_modal(ack: Ack, command: dict, respond: Respond, client: WebClient, workspace: WorkspaceContext) -> None:
    ack()
    if not workspace.is_manager:
        refuse(respond, Refused("manage_settings"))
        return
    client.views_open(trigger_id=command["trigger_id"], view=settings_modal(workspace.settings))


def save(ack: Ack, body: dict, view: dict, sessions: SessionFactory, workspace: WorkspaceContext,
         now) -> None:
    changes, problems = rules.check(read_settings(view["state"]["values"]))
    if not problems and not workspace.is_manager:
        problems = {"managers": refusal_text(Refused("manager_unconfirmed")) if workspace.manager is None
                    else NOT_A_MANAGER}
    if form_errors(ack, problems):
        return
    with sessions.begin() as session:
        if first_delivery(session, body, team_id=workspace.team_id, now=now):  # a resent submit saves once
            workspaces.update_settings(session, team_id=workspace.team_id, actor=workspace.user_id, changes=changes,
                                       now=now)
    ack()
