"""A reply kept in a record's review thread: its permalink is asked of Slack after commit."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.outbox import hooks
from bot.outbox.queue import Copy, enqueue
from bot.qms import threads
from models import Comment

REPLY = "reply"  # the role of a reply's permalink request: holder is the reply's ts


def fetch_permalink(session: Session, comment: Comment, *, now: datetime) -> None:
    enqueue(session, team_id=comment.team_id, key=comment.record_id, method="chat.getPermalink",
            args={"channel": comment.channel, "message_ts": comment.ts}, now=now,
            copy=Copy(comment.record_type, comment.record_id, REPLY, comment.ts), use="permalink")


@hooks.on_permalink(REPLY)
def _reply_linked(session: Session, team_id: str, copy: Copy, permalink: str, now: datetime) -> None:
    threads.set_permalink(session, team_id=team_id, record_type=copy.record_type, record_id=copy.record_id,
                          ts=copy.holder, permalink=permalink)
