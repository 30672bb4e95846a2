"""What delivery does with a chat.getPermalink answer (rows with copy_use "permalink").

A card's or DM copy's permalink is kept on its SlackMessage row. For other roles — a
record's source message, a reply in a review thread — the layer that knows the record
(bot/messages) registers what to do; the outbox itself knows no feature.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from bot.outbox import copies
from bot.outbox.queue import Copy
from models.outbox import CARD, DM

PermalinkHook = Callable[[Session, str, Copy, str, datetime], None]  # session, team_id, copy, permalink, now
_HOOKS: dict[str, PermalinkHook] = {}


def on_permalink(role: str) -> Callable[[PermalinkHook], PermalinkHook]:
    def register(hook: PermalinkHook) -> PermalinkHook:
        _HOOKS[role] = hook
        return hook
    return register


def permalink_known(session: Session, *, team_id: str, copy: Copy, permalink: str | None, now: datetime) -> None:
    if not permalink:
        return
    if copy.role in (CARD, DM):
        row = copies.find(session, team_id=team_id, copy=copy)
        if row is not None:
            row.permalink = permalink[:500]
        return
    hook = _HOOKS.get(copy.role)
    if hook is not None:
        hook(session, team_id, copy, permalink[:500], now)
