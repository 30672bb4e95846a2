"""Button clicks and other block actions."""
from __future__ import annotations

from slack_bolt import App

from handlers import approvals, nc_steps


def register(app: App) -> None:
    # Link buttons (e.g. "Open in Slack") still send an action; ack it quietly.
    app.action("open_link")(lambda ack: ack())
    approvals.register_actions(app)
    app.action(nc_steps.STEP_ACTION)(nc_steps.on_step_click)
