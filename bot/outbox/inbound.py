"""Slack's redeliveries, recognised once: an event's id, a view submission's id and hash.

Call `first_time` inside the transaction that stores the delivery's effect: a retry
then never stores twice, and a first attempt that rolled back leaves the retry free
to do the work.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.qms.rows import insert_ignore
from models import InboundKey

KEEP = timedelta(hours=24)  # must outlive Slack's retries (about an hour at most)


def first_time(session: Session, *, team_id: str, kind: str, key: str, now: datetime) -> bool:
    """True the first time (team, kind, key) is seen; Slack's repeats get False."""
    return insert_ignore(session, InboundKey, team_id=team_id, kind=kind, key=key[:128], received_at=now)


def forget(session: Session, *, older_than: datetime) -> int:
    return session.execute(delete(InboundKey).where(InboundKey.received_at < older_than)).rowcount
