"""Registration table: message and global shortcuts (callback ids in app.yaml)."""
from __future__ import annotations

from slack_bolt import App

from bot.blocks import ids
from handlers.approvals import ask
from handlers.feedback import log
from handlers.knowledge import save
from handlers.nc import report


def register(app: App) -> None:
    app.message_shortcut(ids.LOG_NONCONFORMANCE)(report.from_message)
    app.message_shortcut(ids.REQUEST_APPROVAL)(ask.from_message)
    app.message_shortcut(ids.SAVE_TO_KNOWLEDGE)(save.from_message)
    app.message_shortcut(ids.LOG_FEEDBACK)(log.from_message)
    app.global_shortcut(ids.NEW_NONCONFORMANCE)(report.from_global)
