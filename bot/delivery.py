"""Deliver queued Slack messages (the outbox) after commit.

Minimal first version: one pass, in order, no retries yet.
"""
from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.qms import outbox
from models import OutboxMessage

log = logging.getLogger("trellis.delivery")


def deliver_due(session_factory: sessionmaker[Session], client: WebClient, *, now: datetime) -> int:
    """Send every due pending message, oldest first; return how many were delivered."""
    delivered = 0
    while True:
        with session_factory.begin() as session:
            row = session.scalars(select(OutboxMessage).where(
                OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
                .order_by(OutboxMessage.id).limit(1)).first()
            if row is None:
                return delivered
            args = dict(row.args)
            if row.target:
                target = outbox.saved(session, team_id=row.team_id, name=row.target)
                args["channel"], args[row.target_field] = target.channel, target.ts
            message_id, method, save_as, team_id = row.id, row.method, row.save_as, row.team_id
        try:
            response = client.api_call(method, json=args)
            status, error = "delivered", None
        except SlackApiError as exc:
            response, status, error = None, "failed", str(exc.response.get("error"))
            log.error("outbox %s: %s failed: %s", message_id, method, error)
        with session_factory.begin() as session:
            row = session.get(OutboxMessage, message_id)
            row.status, row.last_error, row.attempts = status, error, row.attempts + 1
            if status == "delivered":
                row.delivered_at = now
                delivered += 1
                if save_as:
                    outbox.save(session, team_id=team_id, name=save_as, channel=response["channel"],
                                ts=response["ts"], now=now)
