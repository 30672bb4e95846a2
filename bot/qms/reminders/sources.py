"""The ordered table of what the sweep asks: each feature's `reminders_due(session, *, team_id, now)`.

A DM lists its groups in this order. Features add one line each (management-review actions, knowledge
reviews, unanswered customers, …); a source must issue a fixed number of statements.
"""
from __future__ import annotations

from collections.abc import Callable

from bot.qms.approvals import reminders as approvals
from bot.qms.inputs import Due
from bot.qms.knowledge import reminders as knowledge
from bot.qms.nc import reminders as nc
from bot.qms.objectives import reminders as objectives
from bot.qms.responses import reminders as responses
from bot.qms.reviews import reminders as reviews

Source = Callable[..., list[Due]]  # (session, *, team_id: str, now: datetime) -> list[Due]

SOURCES: list[Source] = [
    nc.reminders_due,
    approvals.reminders_due,
    reviews.reminders_due,
    knowledge.reminders_due,
    responses.reminders_due,
    objectives.reminders_due,
]
