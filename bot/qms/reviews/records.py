"""Recording a management review: MR-n with the digest's inputs frozen as they were posted, its
decisions, and each 9.3.3 output as an action ACT-n — one audit event, in one transaction."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.qms import audit, counters
from bot.qms.refusals import Refused
from bot.qms.reviews import claims
from bot.qms.reviews.rules import ReviewDraft
from models import DigestPost, ManagementReview, ReviewAction

RECORD_TYPE = "review"


@dataclass(frozen=True)
class Recorded:
    review: ManagementReview
    actions: list[ReviewAction]
    digest: DigestPost


def reviewable(session: Session, *, team_id: str, digest_id: str) -> DigestPost:
    """The digest a review can be recorded for; Refused when it is unknown or reviewed already."""
    post = claims.find(session, team_id=team_id, record_id=digest_id)
    if post is None or post.trigger == claims.MISSED:
        raise Refused("missing_digest", record_id=digest_id)
    if post.review_id:
        raise Refused("reviewed", record_id=digest_id, review_id=post.review_id)
    return post


def record(session: Session, *, team_id: str, draft: ReviewDraft, actor: str, now: datetime) -> Recorded:
    """Store MR-n (the draft already checked) and its actions; Refused if the digest was reviewed meanwhile."""
    post = reviewable(session, team_id=team_id, digest_id=draft.digest_id)
    review = ManagementReview(
        team_id=team_id, record_id=counters.next_id(session, team_id=team_id, kind=RECORD_TYPE),
        digest_id=post.record_id, held_on=date.fromisoformat(draft.held_on), attendees=list(draft.attendees),
        inputs=list(post.inputs), comments={key: text for key, text in draft.comments.items() if text},
        issues_decision=draft.issues_decision, resources_decision=draft.resources_decision,
        improvement_decision=draft.improvement_decision, recorded_by=actor, created_at=now)
    try:
        with session.begin_nested():  # two managers submitting at once: the digest's unique review wins once
            session.add(review)
            session.flush()
    except IntegrityError:
        raise Refused("reviewed", record_id=draft.digest_id, review_id="another review") from None
    actions = [ReviewAction(team_id=team_id, record_id=counters.next_id(session, team_id=team_id, kind="action"),
                            review_id=review.record_id, kind=action.kind, title=action.title, owner=action.owner,
                            due_date=date.fromisoformat(action.due_date), created_at=now, updated_at=now)
               for action in draft.filled_actions()]
    session.add_all(actions)
    session.flush()
    claims.mark_reviewed(session, post, review.record_id)
    audit.record(session, team_id=team_id, record_type=RECORD_TYPE, record_id=review.record_id,
                 action="review.recorded", actor=actor, now=now, after={
                     "digest": post.record_id, "held_on": review.held_on, "attendees": review.attendees,
                     "inputs": review.inputs, "comments": review.comments,
                     "decisions": {"issues": review.issues_decision, "resources": review.resources_decision,
                                   "improvement": review.improvement_decision},
                     "actions": [{"id": a.record_id, "kind": a.kind, "title": a.title, "owner": a.owner,
                                  "due_date": a.due_date} for a in actions]})
    return Recorded(review, actions, post)


def get(session: Session, *, team_id: str, record_id: str) -> ManagementReview | None:
    return session.scalars(select(ManagementReview).where(ManagementReview.team_id == team_id,
                                                          ManagementReview.record_id == record_id.upper())).first()


def action(session: Session, *, team_id: str, record_id: str) -> ReviewAction | None:
    return session.scalars(select(ReviewAction).where(ReviewAction.team_id == team_id,
                                                      ReviewAction.record_id == record_id.upper())).first()
