"""Registration table: modal submissions (view callback ids)."""
from __future__ import annotations

from slack_bolt import App

from bot.blocks import ids
from handlers import settings
from handlers.approvals import ask, decide
from handlers.feedback import log
from handlers.knowledge import change, save
from handlers.nc import report, steps
from handlers.objectives import define, value
from handlers.reviews import record as review


def register(app: App) -> None:
    app.view(ids.NC_REPORT)(report.save)
    app.view(ids.NC_STEP)(steps.save)
    app.view(ids.APPROVAL_REQUEST)(ask.save)
    app.view(ids.APPROVAL_REJECTION)(decide.save_reason)
    app.view(ids.SETTINGS)(settings.save)
    app.view(ids.REVIEW_MODAL)(review.save)
    app.view(ids.KB_SAVE)(save.save)
    app.view(ids.KB_EDIT)(change.save_edit)
    app.view(ids.KB_REASSIGN)(change.save_reassign)
    app.view(ids.FEEDBACK_LOG)(log.save)
    app.view(ids.OBJECTIVE_NEW)(define.save)
    app.view(ids.OBJECTIVE_VALUE)(value.save)
