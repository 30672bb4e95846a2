"""Review threads (ISO 9001 7.5.3): every human reply under a record's card is kept.

Generic over record types: the thread's parent is any delivered copy of a record
(its card, or someone's DM copy of it; models.SlackMessage). Replies are keyed by
their Slack message (team, channel, ts), so a redelivered event never stores twice.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, union_all, update
from sqlalchemy.orm import Session

from bot.qms import audit
from bot.qms.rows import insert_ignore
from models import Comment, SlackMessage
from models.outbox import CARD, DM

# Message subtypes that are a person writing (a plain reply, "also send to channel", a file with text).
PERSON_SUBTYPES = (None, "thread_broadcast", "file_share")


def by_a_person(message: dict, bot_user_id: str | None) -> bool:
    """Not Trellis itself, not another bot or integration."""
    return bool(message.get("user")) and not message.get("bot_id") and message.get("subtype") != "bot_message" \
        and message["user"] != bot_user_id


def active_threads(session: Session, *, since: datetime, limit: int) -> list[SlackMessage]:
    """Copies whose threads may still get replies: posted, or replied to, since `since` — least
    recently compared first. Across workspaces; read from the indexes on when a copy was posted and
    last replied to (the OR as a union: given it, the planners scan every copy ever posted)."""
    posted = select(SlackMessage.id).where(SlackMessage.created_at >= since)
    replied = select(SlackMessage.id).where(SlackMessage.last_reply_at >= since, SlackMessage.created_at < since)
    recent = union_all(posted, replied).subquery()
    return list(session.scalars(select(SlackMessage).join(recent, SlackMessage.id == recent.c.id)
                                .where(SlackMessage.role.in_((CARD, DM)))
                                .order_by(SlackMessage.replies_seen_ts.is_not(None), SlackMessage.replies_seen_ts)
                                .limit(limit)))


def mark_seen(session: Session, *, copy_id: int, ts: str) -> None:
    """Replies up to `ts` were compared with Slack (the next pass asks only for newer ones)."""
    session.execute(update(SlackMessage).where(SlackMessage.id == copy_id).values(replies_seen_ts=ts))


def record_of_thread(session: Session, *, team_id: str, channel: str, thread_ts: str) -> tuple[str, str] | None:
    """(record_type, record_id) whose card starts this thread, or None."""
    parent = session.execute(select(SlackMessage.record_type, SlackMessage.record_id).where(
        SlackMessage.team_id == team_id, SlackMessage.channel == channel, SlackMessage.ts == thread_ts)).first()
    return None if parent is None else (parent.record_type, parent.record_id)


def capture_reply(session: Session, *, team_id: str, channel: str, thread_ts: str, ts: str, user: str,
                  text: str, now: datetime, permalink: str | None = None) -> Comment | None:
    """Store a reply in a record's thread once ('comment.added'); None if the thread is
    not a record's or the reply is already stored."""
    record = record_of_thread(session, team_id=team_id, channel=channel, thread_ts=thread_ts)
    if record is None:
        return None
    record_type, record_id = record
    if not insert_ignore(session, Comment, team_id=team_id, record_type=record_type, record_id=record_id,
                         channel=channel, ts=ts, thread_ts=thread_ts, author=user, text=text or "",
                         permalink=permalink, created_at=now):
        return None
    comment = _find(session, team_id, channel, ts)
    _audit(session, comment, "comment.added", user, now, after={"ts": ts, "text": comment.text})
    session.execute(update(SlackMessage).where(
        SlackMessage.team_id == team_id, SlackMessage.channel == channel, SlackMessage.ts == thread_ts)
        .values(last_reply_at=now))
    return comment


def edit_reply(session: Session, *, team_id: str, channel: str, ts: str, text: str,
               now: datetime) -> Comment | None:
    """Keep the edited text ('comment.edited' with before/after); None if not a stored reply."""
    comment = _find(session, team_id, channel, ts)
    if comment is None or comment.text == (text or ""):
        return None
    before = comment.text
    comment.text, comment.edited_at = text or "", now
    _audit(session, comment, "comment.edited", comment.author, now, before={"text": before},
           after={"text": comment.text})
    return comment


def delete_reply(session: Session, *, team_id: str, channel: str, ts: str, now: datetime) -> Comment | None:
    """Mark a reply deleted, keeping its text ('comment.deleted'); None if nothing to do."""
    comment = _find(session, team_id, channel, ts)
    if comment is None or comment.deleted_at is not None:
        return None
    comment.deleted_at = now
    _audit(session, comment, "comment.deleted", comment.author, now, before={"text": comment.text},
           after={"deleted_at": now})
    return comment


def set_permalink(session: Session, *, team_id: str, record_type: str, record_id: str, ts: str,
                  permalink: str) -> None:
    """Slack's permalink for a kept reply (asked after it was stored)."""
    comment = session.scalars(select(Comment).where(
        Comment.team_id == team_id, Comment.record_type == record_type, Comment.record_id == record_id,
        Comment.ts == ts)).first()
    if comment is not None:
        comment.permalink = permalink


def comments_for(session: Session, *, team_id: str, record_type: str, record_id: str) -> list[Comment]:
    """Every reply kept for a record, deleted ones included, oldest first."""
    return list(session.scalars(select(Comment).where(
        Comment.team_id == team_id, Comment.record_type == record_type, Comment.record_id == record_id)
        .order_by(Comment.ts)))


def _find(session: Session, team_id: str, channel: str, ts: str) -> Comment | None:
    return session.scalars(select(Comment).where(
        Comment.team_id == team_id, Comment.channel == channel, Comment.ts == ts)).first()


def _audit(session: Session, comment: Comment, action: str, actor: str, now: datetime, *,
           before: dict | None = None, after: dict | None = None) -> None:
    audit.record(session, team_id=comment.team_id, record_type=comment.record_type, record_id=comment.record_id,
                 action=action, actor=actor, now=now, before=before, after=after)
    session.flush()
