"""The workbook's `Management reviews` and `Review actions` sheets (ISO 9001 9.3): one row per record,
streamed from the database in batches."""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.qms.inputs import InputGroup
from bot.qms.reviews.digest import KIND_LABELS
from bot.qms.sheets import DATE, DATETIME, LONG_TEXT, TEXT, USER, USERS, Column, SheetSource, Window
from models import ManagementReview, ReviewAction

BATCH = 500


def _where(model, window: Window) -> list:
    where = [model.team_id == window.team_id]
    if window.since:
        where.append(model.created_at >= window.since)
    if window.until:
        where.append(model.created_at < window.until)
    return where


def _count(model):
    return lambda session, window: session.scalar(select(func.count()).select_from(model)
                                                  .where(*_where(model, window))) or 0


def _stream(session: Session, model, window: Window):
    return session.scalars(select(model).where(*_where(model, window)).order_by(model.id)
                           .execution_options(yield_per=BATCH))


def inputs_reviewed(inputs: list[dict]) -> str:
    """The frozen figures, one line per input: what the review saw."""
    lines = []
    for group in map(InputGroup.from_json, inputs):
        shown = "; ".join(f"{figure.label}: {figure.value}" for figure in group.figures)
        lines.append(f"{group.title}: {shown or group.note or ''}".strip())
    return "\n".join(lines)


def review_rows(session: Session, window: Window) -> Iterator[tuple]:
    actions: dict[str, list[str]] = {}
    for review_id, action_id in session.execute(select(ReviewAction.review_id, ReviewAction.record_id).where(
            ReviewAction.team_id == window.team_id).order_by(ReviewAction.id)):
        actions.setdefault(review_id, []).append(action_id)
    for review in _stream(session, ManagementReview, window):
        yield (review.record_id, review.digest_id, review.held_on, review.attendees, review.recorded_by,
               review.created_at, inputs_reviewed(review.inputs),
               "\n".join(f"{key}: {text}" for key, text in review.comments.items()), review.issues_decision,
               review.resources_decision, review.improvement_decision, ", ".join(actions.get(review.record_id, [])))


def action_rows(session: Session, window: Window) -> Iterator[tuple]:
    for action in _stream(session, ReviewAction, window):
        yield (action.record_id, action.review_id, KIND_LABELS.get(action.kind, action.kind), action.title,
               action.owner, action.due_date, action.status, action.done_by, action.done_at, action.confirmed_by,
               action.confirmed_at, action.created_at)


REVIEWS = SheetSource(
    "Management reviews", "9.3", (
        Column("ID", TEXT, 10), Column("Digest", TEXT, 16), Column("Held on", DATE, 12),
        Column("Attendees", USERS, 30), Column("Recorded by", USER), Column("Recorded at", DATETIME),
        Column("Inputs reviewed (9.3.2, as posted)", LONG_TEXT, 60), Column("Comments", LONG_TEXT, 40),
        Column("b) External and internal issues", LONG_TEXT, 40), Column("d) Adequacy of resources", LONG_TEXT, 40),
        Column("f) Opportunities for improvement", LONG_TEXT, 40), Column("Actions (9.3.3)", TEXT, 20)),
    _count(ManagementReview), review_rows, empty="No management review recorded yet.")
ACTIONS = SheetSource(
    "Review actions", "9.3.3", (
        Column("ID", TEXT, 10), Column("Review", TEXT, 10), Column("Type", TEXT, 18), Column("Action", LONG_TEXT, 40),
        Column("Owner", USER), Column("Due", DATE, 12), Column("Status", TEXT, 12), Column("Done by", USER),
        Column("Done at", DATETIME), Column("Confirmed by", USER), Column("Confirmed at", DATETIME),
        Column("Created at", DATETIME)),
    _count(ReviewAction), action_rows, empty="No review action yet.")
SHEETS = (REVIEWS, ACTIONS)
