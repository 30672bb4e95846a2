"""`/qms help`, unknown subcommands, and what is declared but not built yet."""
from __future__ import annotations

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.blocks.errors import NOT_AVAILABLE_TEXT, not_available_view
from bot.blocks.help import help_message, not_available
from handlers.slash import subcommand_of


def show(ack: Ack, command: dict) -> None:
    ack(**help_message(command.get("command") or "/qms"))


def unknown(ack: Ack, command: dict) -> None:
    ack(**help_message("/qms", unknown=subcommand_of(command)))


def planned(ack: Ack, command: dict) -> None:
    ack(**not_available("/qms", subcommand_of(command)))


def shortcut_not_built(ack: Ack, respond: Respond) -> None:
    ack()
    respond(response_type="ephemeral", text=NOT_AVAILABLE_TEXT)


def global_shortcut_not_built(ack: Ack, shortcut: dict, client: WebClient) -> None:
    ack()
    client.views_open(trigger_id=shortcut["trigger_id"], view=not_available_view())
