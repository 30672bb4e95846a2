"""Management review actions past their due date, for the reminder sweep: one Due per owner and action
(one statement, whatever the number of actions). An action is due from the start of the day after its
due date, in the workspace's timezone."""
from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.qms import workspaces
from bot.qms.inputs import Due, ItemRef
from bot.qms.reviews.digest import OPEN, RECORD_TYPE
from bot.qms.reviews.figures import age_days
from models import ReviewAction

KIND = "review_action"


def reminders_due(session: Session, *, team_id: str, now: datetime) -> list[Due]:
    zone = ZoneInfo(workspaces.current(session, team_id=team_id).timezone)
    today = now.astimezone(zone).date()
    actions = session.scalars(select(ReviewAction).where(
        ReviewAction.team_id == team_id, ReviewAction.status == OPEN, ReviewAction.due_date < today)
        .order_by(ReviewAction.due_date, ReviewAction.id)).all()
    return [Due(action.owner, KIND, ItemRef(RECORD_TYPE, action.record_id, action.title, action.owner,
                                           age_days(action.due_date, now), f"due {action.due_date:%d %b}, from "
                                           f"{action.review_id}"),
                since=datetime.combine(action.due_date + timedelta(days=1), time(), tzinfo=zone).astimezone(UTC))
            for action in actions]
