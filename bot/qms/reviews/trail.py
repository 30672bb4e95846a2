"""What the management review's audit events say is stored: the digest post (`digest.posted`/`digest.missed`),
the review MR-n with the actions it decided (`review.recorded`) and each action's progress (`action.*`)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.qms.replay import State, Trail, take_after
from models import DigestPost, ManagementReview, ReviewAction

DECISIONS = ("issues", "resources", "improvement")
ACTION_CONTENT = ("kind", "title", "owner", "due_date")


def fold_review(state: State, event) -> None:
    after = event.after or {}
    take_after(state, event)
    state["digest_id"], state["recorded_by"] = after.get("digest"), event.actor
    for name in DECISIONS:
        state[f"{name}_decision"] = (after.get("decisions") or {}).get(name)
    state["digest_review_id"] = event.record_id  # the digest is marked reviewed by this review
    state["actions"] = [{"id": action.get("id"), **{name: action.get(name) for name in ACTION_CONTENT}}
                        for action in after.get("actions") or ()]


def actions(session: Session, team_id: str, reviews: Sequence) -> Mapping[str, State]:
    """The actions each review decided as they are stored (their progress is their own trail), and the review
    its digest is marked with: two queries."""
    found: dict[str, State] = {review.record_id: {"actions": [], "digest_review_id": None} for review in reviews}
    of_digest = {review.digest_id: review.record_id for review in reviews}
    posts = session.execute(select(DigestPost.record_id, DigestPost.review_id).where(
        DigestPost.team_id == team_id, DigestPost.record_id.in_(list(of_digest))))
    for post in posts:
        found[of_digest[post.record_id]]["digest_review_id"] = post.review_id
    rows = session.execute(select(ReviewAction.review_id, ReviewAction.record_id, *(
        getattr(ReviewAction, name) for name in ACTION_CONTENT)).where(
        ReviewAction.team_id == team_id, ReviewAction.review_id.in_(list(found))).order_by(ReviewAction.id))
    for row in rows:
        found[row.review_id]["actions"].append({"id": row.record_id, **{name: row._mapping[name]
                                                                        for name in ACTION_CONTENT}})
    return found


def fold_digest(state: State, event) -> None:
    take_after(state, event)
    state["posted_at"] = event.at


REVIEWS = Trail("review", ManagementReview, created_by="review.recorded", fold=fold_review, extra=actions,
                only=("digest_id", "held_on", "attendees", "inputs", "comments", "issues_decision",
                      "resources_decision", "improvement_decision", "recorded_by"),
                extra_initial={"actions": [], "digest_review_id": None})
# An action is created by its review's event (checked there, with the review's actions); its own events move it.
ACTIONS = Trail("action", ReviewAction, created_by=None,
                only=("status", "done_by", "done_at", "confirmed_by", "confirmed_at"))
# The posted inputs are the review's frozen inputs (checked on MR-n); review_id is the review's digest_id.
DIGESTS = Trail("digest", DigestPost, created_by=None, fold=fold_digest,
                only=("period_start", "period_end", "run", "trigger", "late", "channel", "posted_at"))
