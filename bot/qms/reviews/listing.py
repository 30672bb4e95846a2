"""Review actions in `/qms mine` and on the Home tab: the viewer's own open actions, and (for managers)
actions marked done by someone else, waiting for their confirmation."""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.qms.listing import LIMIT, Item, SectionSource, Viewer, card_links
from bot.qms.reviews.digest import DONE, OPEN, RECORD_TYPE
from models import ReviewAction


def _items(session: Session, viewer: Viewer, actions, state) -> list[Item]:
    links = card_links(session, team_id=viewer.team_id, record_type=RECORD_TYPE,
                       record_ids=[action.record_id for action in actions], dm_of=viewer.user_id)
    return [Item(action.record_id, action.title, state(action), links.get(action.record_id)) for action in actions]


def actions_of_viewer(session: Session, viewer: Viewer) -> list[Item]:
    actions = session.scalars(select(ReviewAction).where(
        ReviewAction.team_id == viewer.team_id, ReviewAction.owner == viewer.user_id, ReviewAction.status == OPEN)
        .order_by(ReviewAction.due_date, ReviewAction.id).limit(LIMIT)).all()
    return _items(session, viewer, actions, lambda action: f"from {action.review_id} · due {action.due_date:%d %b %Y}")


def actions_to_confirm(session: Session, viewer: Viewer) -> list[Item]:
    if not viewer.is_manager:
        return []
    actions = session.scalars(select(ReviewAction).where(
        ReviewAction.team_id == viewer.team_id, ReviewAction.status == DONE, ReviewAction.owner != viewer.user_id,
        or_(ReviewAction.done_by.is_(None), ReviewAction.done_by != viewer.user_id))
        .order_by(ReviewAction.done_at, ReviewAction.id).limit(LIMIT)).all()
    return _items(session, viewer, actions, lambda action: f"done by {action.done_by} · confirm it worked")


SECTIONS = [
    SectionSource("Your management review actions", "No review action of yours is open.", actions_of_viewer),
    SectionSource("Review actions to confirm", "No review action is waiting for your confirmation.",
                  actions_to_confirm),
]
