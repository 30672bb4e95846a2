"""Message and global shortcuts (callback ids from design.md)."""
from __future__ import annotations

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks.forms import modal
from bot.blocks.text import section
from handlers import approvals, nc

MESSAGE_SHORTCUTS = ("log_nonconformance", "request_approval", "save_to_knowledge")
GLOBAL_SHORTCUTS = ("new_nonconformance",)
BUILT = {"request_approval": approvals.open_request_from_message}  # callback id -> listener; the rest say "not yet"
BUILT["log_nonconformance"] = nc.log_from_message
BUILT_GLOBAL = {"new_nonconformance": nc.new_from_shortcut}


def register(app: App) -> None:
    for callback_id in MESSAGE_SHORTCUTS:
        app.message_shortcut(callback_id)(BUILT.get(callback_id, not_yet_from_message))
    for callback_id in GLOBAL_SHORTCUTS:
        app.global_shortcut(callback_id)(BUILT_GLOBAL.get(callback_id, not_yet_global))


def not_yet_from_message(ack: Ack, respond: Respond) -> None:
    ack()
    respond(response_type="ephemeral", text="This shortcut is not available in this version of Trellis yet.")


def not_yet_global(ack: Ack, shortcut: dict, client: WebClient) -> None:
    ack()
    view = modal("not_available", "Trellis", [section("This shortcut is not available in this version yet.")],
                 submit="", close="Close")
    client.views_open(trigger_id=shortcut["trigger_id"], view=view)
