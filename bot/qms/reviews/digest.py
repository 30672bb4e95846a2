"""a) The status of actions from previous management reviews, for the digest (ISO 9001 9.3.2 a):
open, done in the period, overdue — with owners. A fixed number of statements."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.qms import workspaces
from bot.qms.inputs import Figure, InputGroup, ItemList, ItemRef, Period
from bot.qms.reviews.figures import TOP, age_days
from models import ReviewAction

TITLE = "a) Actions from previous management reviews"
RECORD_TYPE = "action"
OPEN, DONE, CONFIRMED = "open", "done", "confirmed"
KIND_LABELS = {"improvement": "Improvement", "qms_change": "Change to the QMS", "resource": "Resource need"}


def review_input(session: Session, *, team_id: str, period: Period, now: datetime) -> InputGroup:
    today = now.astimezone(ZoneInfo(workspaces.current(session, team_id=team_id).timezone)).date()
    mine = ReviewAction.team_id == team_id
    by_status = dict(session.execute(select(ReviewAction.status, func.count()).where(mine)
                                     .group_by(ReviewAction.status)).all())
    overdue_where = (mine, ReviewAction.status == OPEN, ReviewAction.due_date < today)
    overdue_count = session.scalar(select(func.count()).select_from(ReviewAction).where(*overdue_where)) or 0
    overdue = session.scalars(select(ReviewAction).where(*overdue_where)
                              .order_by(ReviewAction.due_date, ReviewAction.id).limit(TOP)).all()
    due_soon = session.scalars(select(ReviewAction).where(mine, ReviewAction.status == OPEN,
                                                          ReviewAction.due_date >= today)
                               .order_by(ReviewAction.due_date, ReviewAction.id).limit(TOP)).all()
    done_where = (mine, ReviewAction.status.in_((DONE, CONFIRMED)), ReviewAction.done_at >= period.start,
                  ReviewAction.done_at < period.end)
    done_count = session.scalar(select(func.count()).select_from(ReviewAction).where(*done_where)) or 0
    done = session.scalars(select(ReviewAction).where(*done_where).order_by(ReviewAction.done_at).limit(TOP)).all()
    open_count = by_status.get(OPEN, 0)
    figures = (Figure("Open", open_count), Figure("Overdue", overdue_count), Figure("Done this period", done_count),
               Figure("Waiting for confirmation", by_status.get(DONE, 0)))
    lists = (
        ItemList("Overdue", tuple(_ref(action, age_days(action.due_date, now), f"due {action.due_date:%d %b}")
                                  for action in overdue), max(0, overdue_count - len(overdue))),
        ItemList("Open, next due", tuple(_ref(action, None, f"due {action.due_date:%d %b}") for action in due_soon),
                 max(0, open_count - overdue_count - len(due_soon))),
        ItemList("Done this period", tuple(_ref(action, None, "confirmed" if action.status == CONFIRMED
                                                else "waiting for confirmation") for action in done),
                 max(0, done_count - len(done))),
    )
    return InputGroup("a", TITLE, figures, tuple(entry for entry in lists if entry.items))


def _ref(action: ReviewAction, age: int | None, note: str) -> ItemRef:
    return ItemRef(RECORD_TYPE, action.record_id, action.title, action.owner, age,
                   f"{KIND_LABELS.get(action.kind, action.kind)} · {note} · from {action.review_id}")
