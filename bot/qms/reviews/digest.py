"""a) The status of actions from previous management reviews, for the digest (ISO 9001 9.3.2 a):
open, done in the period, overdue — with owners. A fixed number of statements."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Row, bindparam, func, select
from sqlalchemy.orm import Session

from bot.qms import workspaces
from bot.qms.inputs import Figure, InputGroup, ItemList, ItemRef, Period
from bot.qms.reviews.figures import TOP, age_days
from bot.qms.rows import first_with_total
from models import ReviewAction

TITLE = "a) Actions from previous management reviews"
RECORD_TYPE = "action"
OPEN, DONE, CONFIRMED = "open", "done", "confirmed"
KIND_LABELS = {"improvement": "Improvement", "qms_change": "Change to the QMS", "resource": "Resource need"}


def review_input(session: Session, *, team_id: str, period: Period, now: datetime,
                 settings: workspaces.WorkspaceSettings | None = None) -> InputGroup:
    settings = workspaces.settings_or_stored(session, team_id=team_id, settings=settings)
    today = now.astimezone(ZoneInfo(settings.timezone)).date()
    connection, values = session.connection(), {"team_id": team_id, "today": today, "start": period.start,
                                                "end": period.end}
    by_status = dict(connection.execute(_BY_STATUS, values).all())
    overdue, due_soon, done = (connection.execute(statement, values).all() for statement in (_OVERDUE, _DUE, _DONE))
    overdue_count = overdue[0].total if overdue else 0
    done_count = done[0].total if done else 0
    open_count = by_status.get(OPEN, 0)
    figures = (Figure("Open", open_count), Figure("Overdue", overdue_count), Figure("Done this period", done_count),
               Figure("Waiting for confirmation", by_status.get(DONE, 0)))
    lists = (
        ItemList("Overdue", tuple(_ref(action, age_days(action.due_date, now), f"due {action.due_date:%d %b}")
                                  for action in overdue), max(0, overdue_count - len(overdue))),
        ItemList("Open, next due", tuple(_ref(action, None, f"due {action.due_date:%d %b}") for action in due_soon),
                 max(0, due_soon[0].total - len(due_soon)) if due_soon else 0),
        ItemList("Done this period", tuple(_ref(action, None, "confirmed" if action.status == CONFIRMED
                                                else "waiting for confirmation") for action in done),
                 max(0, done_count - len(done))),
    )
    return InputGroup("a", TITLE, figures, tuple(entry for entry in lists if entry.items))


# Built once, with the workspace, today and the period as parameters. Each list's rows carry how many
# match in all.
_MINE = ReviewAction.team_id == bindparam("team_id")
_SHOWN = (ReviewAction.record_id, ReviewAction.title, ReviewAction.owner, ReviewAction.kind, ReviewAction.review_id,
          ReviewAction.due_date, ReviewAction.status)
_BY_STATUS = select(ReviewAction.status, func.count()).where(_MINE).group_by(ReviewAction.status)


def _first(where: tuple, *order):
    return first_with_total(ReviewAction, _SHOWN, where, order_by=order, limit=TOP)


_OVERDUE = _first((_MINE, ReviewAction.status == OPEN, ReviewAction.due_date < bindparam("today")),
                  ReviewAction.due_date, ReviewAction.id)
_DUE = _first((_MINE, ReviewAction.status == OPEN, ReviewAction.due_date >= bindparam("today")),
              ReviewAction.due_date, ReviewAction.id)
_DONE = _first((_MINE, ReviewAction.status.in_((DONE, CONFIRMED)), ReviewAction.done_at >= bindparam("start"),
                ReviewAction.done_at < bindparam("end")), ReviewAction.done_at)


def _ref(action: Row, age: int | None, note: str) -> ItemRef:
    return ItemRef(RECORD_TYPE, action.record_id, action.title, action.owner, age,
                   f"{KIND_LABELS.get(action.kind, action.kind)} · {note} · from {action.review_id}")
