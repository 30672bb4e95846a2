"""What a settings change says in Slack: a DM when a chosen channel turned out unusable."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks.settings import channel_unusable_notice
from bot.messages.posts import direct_message


def channel_unusable(session: Session, *, team_id: str, user_id: str, channel_id: str, problem: str,
                     now: datetime) -> None:
    direct_message(session, team_id=team_id, key=f"settings:{team_id}", user_id=user_id,
                   message=channel_unusable_notice(channel_id, problem), now=now)
