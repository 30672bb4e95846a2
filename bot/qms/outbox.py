"""Queue Slack messages with the change they report, and remember where they landed.

`enqueue` only writes a row; delivery happens after commit (bot.delivery). A
session that enqueued something is flagged in `session.info` so the delivery
worker can be woken the moment the transaction commits.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.qms.rows import insert_ignore
from models import InboundKey, OutboxMessage, SlackMessage

WAKE_FLAG = "trellis_outbox_enqueued"


def enqueue(session: Session, *, team_id: str, key: str, method: str, args: dict, now: datetime,
            save_as: str | None = None, target: str | None = None, target_field: str | None = None) -> OutboxMessage:
    """Queue one Web API call. `key` orders messages about one record (e.g. 'NC-12').

    Examples: post a card and save it as 'card:NC-12'; later update it with
    target='card:NC-12', target_field='ts'; reply in its thread with
    target='card:NC-12', target_field='thread_ts'.
    """
    if target and target_field not in ("ts", "thread_ts"):
        raise ValueError("target_field must be 'ts' or 'thread_ts' when a target is named")
    message = OutboxMessage(team_id=team_id, key=key, method=method, args=args, save_as=save_as,
                            target=target, target_field=target_field, next_attempt_at=now, created_at=now)
    session.add(message)
    session.info[WAKE_FLAG] = True
    return message


def saved(session: Session, *, team_id: str, name: str) -> SlackMessage | None:
    return session.get(SlackMessage, (team_id, name))


def saved_at(session: Session, *, team_id: str, channel: str, ts: str) -> SlackMessage | None:
    """The named message posted at (channel, ts): how a thread reply finds its record."""
    return session.scalars(select(SlackMessage).where(
        SlackMessage.team_id == team_id, SlackMessage.channel == channel, SlackMessage.ts == ts)).first()


def saved_with_prefix(session: Session, *, team_id: str, prefix: str) -> list[SlackMessage]:
    """Every saved copy whose name starts with prefix, e.g. all copies of 'card:APR-3'."""
    return list(session.scalars(select(SlackMessage).where(
        SlackMessage.team_id == team_id, SlackMessage.name.startswith(prefix)).order_by(SlackMessage.name)))


def save(session: Session, *, team_id: str, name: str, channel: str, ts: str, now: datetime) -> None:
    if not insert_ignore(session, SlackMessage, team_id=team_id, name=name, channel=channel, ts=ts, created_at=now):
        row = session.get(SlackMessage, (team_id, name))
        row.channel, row.ts = channel, ts


def first_time(session: Session, *, team_id: str, kind: str, key: str, now: datetime) -> bool:
    """True the first time (team, kind, key) is seen; Slack's repeats get False."""
    return insert_ignore(session, InboundKey, team_id=team_id, kind=kind, key=key[:128], received_at=now)


def forget_inbound(session: Session, *, older_than: datetime) -> int:
    """Prune dedup keys; they must outlive Slack's retries (kept at least an hour)."""
    return session.execute(delete(InboundKey).where(InboundKey.received_at < older_than)).rowcount


INBOUND_KEEP = timedelta(hours=24)
