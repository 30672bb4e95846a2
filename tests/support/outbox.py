"""Queue outbox rows and read them back, for the outbox tests."""
from __future__ import annotations

from datetime import datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy import select

from bot.outbox.queue import Copy, enqueue
from bot.slack import ClientFor, single_workspace
from models import OutboxMessage
from models.outbox import DM
from models.types import utcnow

TEAM = "T111"
CHANNEL = "C_QUALITY"


def card(record_id: str = "NC-1", *, dm: str | None = None) -> Copy:
    """A record's card, or someone's DM copy of it."""
    kind = "nc" if record_id.startswith("NC-") else "approval"
    return Copy(kind, record_id, DM, dm) if dm else Copy(kind, record_id)


def queue(session_factory, text: str, *, key: str = "NC-1", now: datetime | None = None,
          method: str = "chat.postMessage", channel: str = CHANNEL, copy: Copy | None = None,
          use: str | None = None, **args) -> int:
    """One row in its own transaction; with a copy, `use` is save / ts / thread_ts; `args` add to the call's."""
    args = {"text": text, **args} if use in ("ts", "thread_ts") else {"channel": channel, "text": text, **args}
    with session_factory.begin() as session:
        row = enqueue(session, team_id=TEAM, key=key, method=method, args=args, now=now or utcnow(), copy=copy,
                      use=use)
        session.flush()
        return row.id


def rows(session_factory) -> list[OutboxMessage]:
    with session_factory() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def row(session_factory, message_id: int) -> OutboxMessage:
    with session_factory() as session:
        return session.get(OutboxMessage, message_id)


def client_for(fake, *, timeout: float = 30) -> ClientFor:
    """The fake's client; a short `timeout` gives up on answers that `fake.slow` makes late."""
    return single_workspace(WebClient(token=fake.bot_token, base_url=fake.base_url, timeout=timeout))


def delivered_texts(fake, method: str = "chat.postMessage") -> list[str]:
    return [call.args["text"] for call in fake.ok_calls(method)]


def later(moment: datetime, **delta) -> datetime:
    return moment + timedelta(**delta)
