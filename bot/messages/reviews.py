"""What the digest and the management review say in Slack: the digest posted once (with its identity and
the audit chain's head in its metadata), later marked "Review recorded as MR-n"; the review's summary in
its thread; each action's card in its owner's DM."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks.reviews.digest import DigestView, digest_message
from bot.messages.posts import post_copy, reply_in_thread, update_copy
from bot.outbox.queue import Copy
from bot.qms.inputs import InputGroup
from bot.qms.reviews import claims
from bot.qms.reviews.build import Digest, links_for
from models import DigestPost

METADATA_EVENT = "trellis_digest"


def digest_copy(post: DigestPost) -> Copy:
    return Copy(claims.RECORD_TYPE, post.record_id)


def post_digest(session: Session, digest: Digest, post: DigestPost, *, now: datetime) -> None:
    """Queue the digest in the transaction that claimed its period."""
    view = DigestView(post.record_id, digest.period.start, digest.period.end, digest.groups, digest.links,
                      quiet=digest.quiet, late=post.late)
    metadata = {"event_type": METADATA_EVENT, "event_payload": {
        "digest": post.record_id, "period_start": digest.period.start.isoformat(),
        "period_end": digest.period.end.isoformat(), "late": post.late,
        **claims.chain_witness(session, team_id=post.team_id)}}
    post_copy(session, team_id=post.team_id, copy=digest_copy(post), channel=post.channel,
              message={**digest_message(view), "metadata": metadata}, now=now)


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
