"""Bolt listeners only: parse the payload, ack, call bot.qms, call bot.messages.

commands.py shortcuts.py actions.py views.py events.py options.py are the registration tables
(the only modules that call app.command/shortcut/action/view/event/options); the listeners
live in one module or package per feature. Only bot.app imports this package.
"""
from __future__ import annotations

from slack_bolt import App

from handlers import actions, commands, events, options, shortcuts, views


def register_all(app: App) -> None:
    for surface in (commands, shortcuts, actions, views, events, options):
        surface.register(app)
