"""Bolt listeners: parse the payload, ack, call bot.qms, render bot.blocks, send."""
from __future__ import annotations

from slack_bolt import App

from handlers import actions, commands, events, shortcuts, views


def register_all(app: App) -> None:
    for area in (commands, shortcuts, actions, views, events):
        area.register(app)
