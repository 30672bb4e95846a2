"""What an objective says in Slack: its card in the quality channel when it is set."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks.objectives.card import objective_card
from bot.messages.posts import post_copy
from bot.outbox.queue import Copy
from bot.qms.objectives.records import RECORD_TYPE
from models import Objective


def announce(session: Session, objective: Objective, *, channel: str | None, now: datetime) -> None:
    post_copy(session, team_id=objective.team_id, copy=Copy(RECORD_TYPE, objective.record_id),
              channel=channel or objective.created_by, message=objective_card(objective), now=now,
              notify_on_failure=objective.created_by if channel else None)
