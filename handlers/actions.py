"""Registration table: button clicks (block actions)."""
from __future__ import annotations

import re

from slack_bolt import App

from bot.blocks import ids
from bot.qms.nc.lifecycle import STEPS
from handlers import reminders
from handlers.approvals import ask, decide
from handlers.feedback import complaint
from handlers.knowledge import change, find, save
from handlers.nc import steps
from handlers.objectives import value
from handlers.reviews import record as review


def register(app: App) -> None:
    app.action(re.compile(f"^{ids.NC_STEP_PREFIX}({'|'.join(STEPS)})$"))(steps.click)
    app.action(ids.APPROVE)(decide.approve)
    app.action(ids.REJECT)(decide.ask_reason)
    app.action(ids.CANCEL_APPROVAL)(decide.cancel)
    app.action(ids.APPROVERS)(ask.approvers_chosen)
    app.action(ids.RECORD_REVIEW)(review.open_modal)
    app.action(ids.REVIEW_ADD_ACTION)(review.add_action)
    app.action(ids.ACTION_DONE)(review.mark_done)
    app.action(ids.ACTION_CONFIRM)(review.confirm)
    app.action(ids.SNOOZE_DAY)(reminders.snooze_day)
    app.action(ids.SNOOZE_WEEK)(reminders.snooze_week)
    app.action(ids.KB_EDIT_BUTTON)(change.open_edit)
    app.action(ids.KB_CONFIRM)(change.confirm)
    app.action(ids.KB_RETIRE)(change.retire)
    app.action(ids.KB_REASSIGN_BUTTON)(change.open_reassign)
    app.action(ids.KB_MORE)(find.more)
    app.action(ids.KB_NEW)(save.from_search)
    app.action(ids.KB_LESSON)(save.from_nc)
    app.action(ids.FEEDBACK_RAISE_NC)(complaint.click)
    app.action(ids.OBJECTIVE_UPDATE)(value.click)
