"""What customer feedback says in Slack: its card in the quality channel (updated in place), and, when a
complaint NC is raised from it, the NC's card and a line in the feedback card's thread."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks.feedback.card import feedback_card, raised_line
from bot.messages import evidence
from bot.messages import nc as nc_messages
from bot.messages.posts import post_copy, reply_in_thread, update_copy
from bot.outbox.queue import Copy
from bot.qms.feedback import records
from models import Feedback, Nonconformance


def card(record: Feedback) -> Copy:
    return Copy(records.RECORD_TYPE, record.record_id)


def announce(session: Session, record: Feedback, *, channel: str | None, now: datetime) -> None:
    """The card goes to the quality channel (to the person who logged it, without one)."""
    post_copy(session, team_id=record.team_id, copy=card(record), channel=channel or record.logged_by,
              message=_card(session, record), now=now, notify_on_failure=record.logged_by if channel else None)
    evidence.fetch_permalink(session, record, record_type=records.RECORD_TYPE, now=now)


def complaint_raised(session: Session, nc: Nonconformance, record: Feedback, *, channel: str | None,
                     now: datetime) -> None:
    nc_messages.announce(session, nc, channel=channel, now=now)
    show(session, record, now)
    reply_in_thread(session, team_id=record.team_id, copy=card(record),
                    message=raised_line(record, nc.record_id, nc.reporter), now=now)


def show(session: Session, record: Feedback, now: datetime) -> None:
    update_copy(session, team_id=record.team_id, copy=card(record), message=_card(session, record), now=now)


def _card(session: Session, record: Feedback) -> dict:
    return feedback_card(record, names=evidence.names_in(session, record.team_id, [record.source_text]))


evidence.register(records.RECORD_TYPE, lambda session, team_id, record_id: records.get(
    session, team_id=team_id, record_id=record_id), show)
