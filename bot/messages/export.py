"""What a failed `/qms export` says to the manager who asked: by DM, queued on the outbox."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks.export import failed_message
from bot.messages.posts import direct_message


def export_failed(session: Session, *, team_id: str, user_id: str, error: str, now: datetime) -> None:
    direct_message(session, team_id=team_id, key=f"export:{user_id}", user_id=user_id,
                   message=failed_message(error), now=now)
