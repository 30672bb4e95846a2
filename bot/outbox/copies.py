"""Where each copy of a record landed in Slack: written on delivery, read to update it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.outbox.queue import Copy
from bot.qms.rows import insert_ignore
from models import SlackMessage


def _where(team_id: str, copy: Copy):
    return (SlackMessage.team_id == team_id, SlackMessage.record_type == copy.record_type,
            SlackMessage.record_id == copy.record_id, SlackMessage.role == copy.role,
            SlackMessage.holder == copy.holder)


def find(session: Session, *, team_id: str, copy: Copy) -> SlackMessage | None:
    return session.scalars(select(SlackMessage).where(*_where(team_id, copy))).first()


def find_many(session: Session, *, team_id: str, copies: set[Copy]) -> dict[Copy, tuple[str, str]]:
    """copy -> (channel, ts) for those of `copies` that were delivered, in one query (a Session or a Connection)."""
    if not copies:
        return {}
    rows = session.execute(select(SlackMessage.record_type, SlackMessage.record_id, SlackMessage.role,
                                  SlackMessage.holder, SlackMessage.channel, SlackMessage.ts)
                           .where(SlackMessage.team_id == team_id,  # the unique key's leading columns
                                  SlackMessage.record_type.in_({copy.record_type for copy in copies}),
                                  SlackMessage.record_id.in_({copy.record_id for copy in copies}))).all()
    found = {Copy(r.record_type, r.record_id, r.role, r.holder): (r.channel, r.ts) for r in rows}
    return {copy: where for copy, where in found.items() if copy in copies}


def remember(connection, *, team_id: str, copy: Copy, channel: str, ts: str, now: datetime) -> None:
    """Where `copy` landed (a Session or a Connection); a copy posted again replaces the old place."""
    if not insert_ignore(connection, SlackMessage, team_id=team_id, record_type=copy.record_type,
                         record_id=copy.record_id, role=copy.role, holder=copy.holder, channel=channel, ts=ts,
                         created_at=now):
        connection.execute(update(SlackMessage.__table__).where(*_where(team_id, copy)).values(channel=channel, ts=ts))
