"""Registration table: button clicks (block actions)."""
from __future__ import annotations

import re

from slack_bolt import App

from bot.blocks import ids
from bot.qms.nc.lifecycle import STEPS
from handlers.approvals import ask, decide
from handlers.feedback import complaint
from handlers.nc import steps
from handlers.objectives import value


def register(app: App) -> None:
    app.action(re.compile(f"^{ids.NC_STEP_PREFIX}({'|'.join(STEPS)})$"))(steps.click)
    app.action(ids.APPROVE)(decide.approve)
    app.action(ids.REJECT)(decide.ask_reason)
    app.action(ids.CANCEL_APPROVAL)(decide.cancel)
    app.action(ids.APPROVERS)(ask.approvers_chosen)
    app.action(ids.FEEDBACK_RAISE_NC)(complaint.click)
    app.action(ids.OBJECTIVE_UPDATE)(value.click)
