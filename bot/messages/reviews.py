"""What the digest and the management review say in Slack: the digest posted once (with its identity and
the audit chain's head in its metadata), later marked "Review recorded as MR-n"; the review's summary in
its thread; each action's card in its owner's DM."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks.reviews.digest import DigestView, digest_message
from bot.blocks.reviews.summary import action_card, review_summary
from bot.messages.posts import post_copy, reply_in_thread, update_copy
from bot.outbox.queue import Copy
from bot.qms.inputs import InputGroup
from bot.qms.reviews import claims
from bot.qms.reviews.build import Digest, links_for
from bot.qms.reviews.digest import RECORD_TYPE as ACTION
from bot.qms.reviews.records import Recorded
from models import DigestPost, ReviewAction
from models.outbox import DM

METADATA_EVENT = "trellis_digest"


def digest_copy(post: DigestPost) -> Copy:
    return Copy(claims.RECORD_TYPE, post.record_id)


def post_digest(session: Session, digest: Digest, post: DigestPost, *, now: datetime,
                notify_on_failure: str | None = None) -> None:
    """Queue the digest in the transaction that claimed its period; `notify_on_failure` (a manager) is told
    by DM if the digest channel will not take it."""
    view = DigestView(post.record_id, digest.period.start, digest.period.end, digest.groups, digest.links,
                      quiet=digest.quiet, late=post.late)
    metadata = {"event_type": METADATA_EVENT, "event_payload": {
        "digest": post.record_id, "period_start": digest.period.start.isoformat(),
        "period_end": digest.period.end.isoformat(), "late": post.late,
        **claims.chain_witness(session, team_id=post.team_id)}}
    post_copy(session, team_id=post.team_id, copy=digest_copy(post), channel=post.channel,
              message={**digest_message(view), "metadata": metadata}, now=now, notify_on_failure=notify_on_failure)


def preview(digest: Digest) -> dict:
    """`/qms digest`: this period so far, privately."""
    view = DigestView(None, digest.period.start, digest.period.end, digest.groups, digest.links, quiet=digest.quiet)
    return {"response_type": "ephemeral", **digest_message(view)}


def mark_reviewed(session: Session, post: DigestPost, *, review_id: str, summary: dict, now: datetime) -> None:
    """The digest's one edit: "Review recorded as MR-n" in place of its button, and the summary in its thread."""
    groups = tuple(InputGroup.from_json(group) for group in post.inputs)
    view = DigestView(post.record_id, post.period_start, post.period_end, groups,
                      links_for(session, team_id=post.team_id, groups=groups), late=post.late,
                      quiet=not any(group.lists for group in groups) and _all_zero(groups), reviewed_as=review_id)
    update_copy(session, team_id=post.team_id, copy=digest_copy(post), message=digest_message(view), now=now)
    reply_in_thread(session, team_id=post.team_id, copy=digest_copy(post), message=summary, now=now)


def _all_zero(groups) -> bool:
    return all(figure.value in (0, None, "0", "") for group in groups for figure in group.figures)


def review_recorded(session: Session, recorded: Recorded, *, now: datetime) -> None:
    """MR-n: the digest marked, the summary in its thread, each action's card in the review channel and in
    its owner's DM (with the owner's button)."""
    post, review = recorded.digest, recorded.review
    titles = {group["key"]: group["title"] for group in post.inputs}
    mark_reviewed(session, post, review_id=review.record_id, summary=review_summary(review, recorded.actions, titles),
                  now=now)
    for action in recorded.actions:
        post_copy(session, team_id=action.team_id, copy=Copy(ACTION, action.record_id),
                  channel=post.channel or action.owner, message=action_card(action), now=now)
        post_copy(session, team_id=action.team_id, copy=owner_copy(action), channel=action.owner,
                  message=action_card(action), now=now)


def owner_copy(action: ReviewAction) -> Copy:
    return Copy(ACTION, action.record_id, DM, action.owner)


def action_changed(session: Session, action: ReviewAction, *, now: datetime) -> None:
    """Both copies of the action's card show it as it is now."""
    for copy in (Copy(ACTION, action.record_id), owner_copy(action)):
        update_copy(session, team_id=action.team_id, copy=copy, message=action_card(action), now=now)
