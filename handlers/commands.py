"""Slash commands: `/qms <subcommand>` and its `/nc` alias."""
from __future__ import annotations

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks.help import help_message, not_available
from bot.blocks.settings import settings_modal
from handlers import approvals
from handlers import mine, nc
from handlers.common import may_manage, services, workspace_settings

PLANNED = {"kb", "feedback", "export", "digest"}


def register(app: App) -> None:
    app.command("/qms")(qms)
    app.command("/nc")(nc_alias)


def qms(ack: Ack, command: dict, respond: Respond, client: WebClient, context) -> None:
    sub, _, rest = (command.get("text") or "").strip().partition(" ")
    handler = SUBCOMMANDS.get(sub.lower())
    if handler is None:
        planned = sub.lower() in PLANNED
        ack(**(not_available("/qms", sub) if planned else help_message("/qms", unknown=sub)))
        return
    handler(ack=ack, command=command, text=rest.strip(), respond=respond, client=client, context=context)


def nc_alias(ack: Ack, command: dict, respond: Respond, client: WebClient, context) -> None:
    handler = SUBCOMMANDS.get("nc")
    if handler is None:
        ack(**not_available("/qms", "nc"))
        return
    handler(ack=ack, command=command, text=(command.get("text") or "").strip(), respond=respond,
            client=client, context=context)


def show_help(*, ack: Ack, command: dict, **_) -> None:
    ack(**help_message(command.get("command") or "/qms"))


def open_settings(*, ack: Ack, command: dict, respond: Respond, client: WebClient, context, **_) -> None:
    ack()
    svc = services(context)
    team_id, user_id = command["team_id"], command["user_id"]
    if not may_manage(svc, client, team_id=team_id, user_id=user_id):
        respond(response_type="ephemeral",
                text="Only Trellis managers and workspace admins can change settings. "
                     "Ask one of them, or an admin can add you under Managers in `/qms settings`.")
        return
    client.views_open(trigger_id=command["trigger_id"], view=settings_modal(workspace_settings(svc, team_id)))


SUBCOMMANDS = {"help": show_help, "": show_help, "settings": open_settings,
               "approval": approvals.open_request,
               "nc": nc.report_command,
               "mine": mine.show_mine}
