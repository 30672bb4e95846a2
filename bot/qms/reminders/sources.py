"""The ordered table of what the sweep asks: each feature's `reminders_due(session, *, team_id, now)`.

A DM lists its groups in this order. Features add one line each (management-review actions, knowledge
reviews, unanswered customers, …); a source must issue a fixed number of statements.
"""
from __future__ import annotations

from collections.abc import Callable

from bot.qms.approvals import reminders as approvals
from bot.qms.inputs import Due
from bot.qms.nc import reminders as nc

Source = Callable[..., list[Due]]  # (session, *, team_id: str, now: datetime) -> list[Due]

SOURCES: list[Source] = [
    nc.reminders_due,
    approvals.reminders_due,
]
