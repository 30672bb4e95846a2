"""Registration table: options of external selects (block_suggestion: Bolt app.options, by action id)."""
from __future__ import annotations

from slack_bolt import App

from bot.blocks import ids
from handlers.feedback import log


def register(app: App) -> None:
    app.options(ids.FEEDBACK_CUSTOMER)(log.suggest)
