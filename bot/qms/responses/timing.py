"""What a message event in a customer channel means. Only ids and times are kept, never the text.

A message by someone outside the company waits for a reply; the first message by someone inside it
answers what waits in the same thread (a reply in the channel itself answers what waits in the
channel itself). Bots are not people and answer nothing; a conversation among colleagues stores
nothing. A deleted customer message no longer waits (and is left out of the figures).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.qms.responses import rollup
from bot.qms.responses.hours import Calendar, moment_of
from bot.qms.rows import insert_ignore
from models import CustomerMessage


def customer_wrote(session: Session, *, team_id: str, channel: str, ts: str, thread_ts: str | None, author: str,
                   author_team: str | None) -> bool:
    """Keep a customer's message (once: a redelivered event finds it stored); True when stored now."""
    thread = thread_ts if thread_ts and thread_ts != ts else None
    return insert_ignore(session, CustomerMessage, team_id=team_id, channel_id=channel, ts=ts, thread_ts=thread,
                         author=author, author_team=author_team, posted_at=moment_of(ts), deleted=False)


def colleague_replied(session: Session, *, team_id: str, channel: str, ts: str, thread_ts: str | None, user: str,
                      calendar: Calendar) -> int:
    """Answer what waits where the reply was written; how many messages it answered."""
    at = moment_of(ts)
    if thread_ts and thread_ts != ts:
        where = or_(CustomerMessage.ts == thread_ts, CustomerMessage.thread_ts == thread_ts)
    else:
        where = CustomerMessage.thread_ts.is_(None)
    waiting = session.execute(select(CustomerMessage.id, CustomerMessage.posted_at).where(
        CustomerMessage.team_id == team_id, CustomerMessage.channel_id == channel, where,
        CustomerMessage.answered_at.is_(None), CustomerMessage.deleted.is_(False),
        CustomerMessage.posted_at <= at)).all()
    answered = 0
    for row in waiting:  # the few messages waiting in one thread or channel
        seconds = calendar.seconds_between(row.posted_at, at)
        if session.execute(update(CustomerMessage).where(CustomerMessage.id == row.id,
                                                         CustomerMessage.answered_at.is_(None))
                           .values(answered_at=at, answer_ts=ts, answered_by=user, working_seconds=seconds)).rowcount:
            rollup.count_answer(session, team_id=team_id, posted_at=row.posted_at, seconds=seconds,
                                timezone=calendar.timezone)
            answered += 1
    return answered


def message_deleted(session: Session, *, team_id: str, channel: str, ts: str, timezone: str) -> bool:
    """A customer's message was deleted (or replaced by a tombstone): it waits no more, and an answered one
    leaves the figures."""
    gone = session.execute(update(CustomerMessage).where(
        CustomerMessage.team_id == team_id, CustomerMessage.channel_id == channel, CustomerMessage.ts == ts,
        CustomerMessage.deleted.is_(False)).values(deleted=True)
        .returning(CustomerMessage.posted_at, CustomerMessage.working_seconds)).first()
    if gone is not None and gone.working_seconds is not None:
        rollup.count_answer(session, team_id=team_id, posted_at=gone.posted_at, seconds=gone.working_seconds,
                            timezone=timezone, change=-1)
    return gone is not None


def waiting_since(session: Session, *, team_id: str, before: datetime, limit: int = 500) -> list[CustomerMessage]:
    """Customer messages still unanswered, posted before `before`, oldest first."""
    return list(session.scalars(select(CustomerMessage).where(
        CustomerMessage.team_id == team_id, CustomerMessage.answered_at.is_(None),
        CustomerMessage.deleted.is_(False), CustomerMessage.posted_at < before)
        .order_by(CustomerMessage.posted_at).limit(limit)))
