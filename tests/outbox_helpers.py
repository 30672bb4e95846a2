"""Queue outbox rows and read them back, for the outbox tests."""
from __future__ import annotations

from datetime import datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy import select

from bot.qms import outbox
from models import OutboxMessage
from models.types import utcnow

TEAM = "T111"
CHANNEL = "C_QUALITY"


def queue(session_factory, text: str, *, key: str = "NC-1", now: datetime | None = None,
          method: str = "chat.postMessage", channel: str = CHANNEL, **where) -> int:
    """One row in its own transaction; `where` is save_as / target / target_field."""
    args = {"text": text} if where.get("target") else {"channel": channel, "text": text}
    with session_factory.begin() as session:
        row = outbox.enqueue(session, team_id=TEAM, key=key, method=method, args=args, now=now or utcnow(), **where)
        session.flush()
        return row.id


def rows(session_factory) -> list[OutboxMessage]:
    with session_factory() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def row(session_factory, message_id: int) -> OutboxMessage:
    with session_factory() as session:
        return session.get(OutboxMessage, message_id)


def client_for(fake) -> WebClient:
    return WebClient(token=fake.bot_token, base_url=fake.base_url)


def delivered_texts(fake, method: str = "chat.postMessage") -> list[str]:
    return [call.args["text"] for call in fake.ok_calls(method)]


def later(moment: datetime, **delta) -> datetime:
    return moment + timedelta(**delta)
