"""Review actions in `/qms mine` and on the Home tab: the viewer's own open actions, and (for managers)
actions marked done by someone else, waiting for their confirmation."""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.qms.listing import LIMIT, TEAM, USER, Item, SectionSource, Viewer, card_links, with_links
from bot.qms.prepared import Prepared
from bot.qms.reviews.digest import DONE, OPEN, RECORD_TYPE
from models import ReviewAction


def actions_of_viewer(session: Session, viewer: Viewer) -> list[Item]:
    return [Item(action.record_id, action.title, f"from {action.review_id} · due {action.due_date:%d %b %Y}",
                 action.link) for action in _OWNED.all(session, _values(viewer))]


def actions_to_confirm(session: Session, viewer: Viewer) -> list[Item]:
    if not viewer.is_manager:
        return []
    actions = _TO_CONFIRM.all(session, _values(viewer))  # usually none
    links = card_links(session, team_id=viewer.team_id, record_type=RECORD_TYPE,
                       record_ids=[action.record_id for action in actions], dm_of=viewer.user_id)
    return [Item(action.record_id, action.title, f"done by {action.done_by} · confirm it worked",
                 links.get(action.record_id)) for action in actions]


def _values(viewer: Viewer) -> dict:
    return {"team_id": viewer.team_id, "user_id": viewer.user_id}


# Built once, with the viewer as parameters: /qms mine and the Home tab run them on every look. The link
# opens the viewer's own DM copy where they have one (where the buttons are), else the card.
_OWNED_WHERE = select(ReviewAction.id).where(ReviewAction.team_id == TEAM, ReviewAction.owner == USER,
                                             ReviewAction.status == OPEN)
_OWNED = Prepared(with_links(
    _OWNED_WHERE.with_only_columns(ReviewAction.record_id, ReviewAction.title, ReviewAction.review_id,
                                   ReviewAction.due_date)
    .order_by(ReviewAction.due_date, ReviewAction.id).limit(LIMIT), ReviewAction, RECORD_TYPE, dm_of=USER))
# Links looked up afterwards (card_links): joined in, PostgreSQL's planner read the team's whole range.
_TO_CONFIRM_WHERE = select(ReviewAction.id).where(
    ReviewAction.team_id == TEAM, ReviewAction.status == DONE, ReviewAction.owner != USER,
    or_(ReviewAction.done_by.is_(None), ReviewAction.done_by != USER))
_TO_CONFIRM = Prepared(_TO_CONFIRM_WHERE.with_only_columns(ReviewAction.record_id, ReviewAction.title,
                                                           ReviewAction.done_by)
                       .order_by(ReviewAction.done_at, ReviewAction.id).limit(LIMIT))


SECTIONS = [
    SectionSource("Your management review actions", "No review action of yours is open.", actions_of_viewer,
                  probe=_OWNED_WHERE),
    SectionSource("Review actions to confirm", "No review action is waiting for your confirmation.",
                  actions_to_confirm, probe=_TO_CONFIRM_WHERE),
]
