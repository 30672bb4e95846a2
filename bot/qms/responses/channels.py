"""Which channels could be customer channels: the Slack Connect ones Trellis is in (conversations.info
`is_ext_shared`, from the directory's cache), and channels' names for the settings modal."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import SlackChannel

SUGGESTED = 50


def shared_channels(session: Session, *, team_id: str) -> list[str]:
    return list(session.scalars(select(SlackChannel.channel_id).where(
        SlackChannel.team_id == team_id, SlackChannel.is_ext_shared.is_(True), SlackChannel.is_archived.is_(False),
        SlackChannel.is_member.is_(True)).order_by(SlackChannel.name).limit(SUGGESTED)))


def names(session: Session, *, team_id: str, channel_ids: Iterable[str]) -> dict[str, str]:
    ids = list(channel_ids)
    if not ids:
        return {}
    return dict(session.execute(select(SlackChannel.channel_id, SlackChannel.name).where(
        SlackChannel.team_id == team_id, SlackChannel.channel_id.in_(ids))).all())
