"""A review action's moves: its owner (or a manager) marks it done; a manager other than the owner and
other than who marked it done confirms it worked. Compare-and-set on the status: one wins."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.qms import audit
from bot.qms.refusals import Refused
from bot.qms.reviews.digest import CONFIRMED, DONE, OPEN, RECORD_TYPE
from bot.qms.reviews.records import action as find_action
from models import ReviewAction


def refusal(action: ReviewAction, move: str, actor: str, is_manager: Callable[[], bool]) -> Refused | None:
    if move == "done":
        if action.status != OPEN:
            return Refused("not_open", action)
        if actor != action.owner and not is_manager():
            return Refused("not_owner", action)
        return None
    if action.status == CONFIRMED:
        return Refused("confirmed", action)
    if action.status != DONE:
        return Refused("not_done", action)
    if actor in (action.owner, action.done_by):
        return Refused("own_work", action)
    return None if is_manager() else Refused("not_manager", action)


def apply(session: Session, *, team_id: str, record_id: str, move: str, actor: str,
          is_manager: Callable[[], bool], now: datetime) -> ReviewAction:
    """`move` is "done" or "confirm"; one audit event; Refused (nothing changed) otherwise."""
    action = find_action(session, team_id=team_id, record_id=record_id)
    if action is None:
        raise Refused("missing", record_id=record_id)
    refused = refusal(action, move, actor, is_manager)
    if refused:
        raise refused
    source, changes = (OPEN, {"status": DONE, "done_by": actor, "done_at": now}) if move == "done" else \
        (DONE, {"status": CONFIRMED, "confirmed_by": actor, "confirmed_at": now})
    moved = session.execute(update(ReviewAction).where(ReviewAction.id == action.id, ReviewAction.status == source)
                            .values(**changes, updated_at=now).execution_options(synchronize_session=False))
    session.refresh(action)
    if moved.rowcount != 1:
        raise Refused("not_open" if move == "done" else "confirmed", action)
    audit.record(session, team_id=team_id, record_type=RECORD_TYPE, record_id=action.record_id,
                 action=f"action.{'done' if move == 'done' else 'confirmed'}", actor=actor, now=now,
                 before={"status": source}, after=changes)
    return action
