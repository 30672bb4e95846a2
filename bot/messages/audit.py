"""What witnessing the audit trail's head says in Slack: one post in the review (digest) channel."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks.audit import head_message
from bot.messages.posts import NO_UNFURL
from bot.outbox.queue import enqueue
from models import OutboxMessage


def post_head(session: Session, *, team_id: str, channel: str, payload: dict, now: datetime) -> OutboxMessage:
    """Queue the post; the row is returned so `trellis audit witness` can say whether it landed."""
    return enqueue(session, team_id=team_id, key=f"audit:{team_id}", method="chat.postMessage",
                   args={"channel": channel, **head_message(payload), **NO_UNFURL}, now=now)
