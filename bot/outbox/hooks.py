"""What delivery does with what Slack answered, where only the layer above knows what it means.

A chat.getPermalink answer (rows with copy_use "permalink"): a card's or DM copy's permalink
is kept on its SlackMessage row; for other roles — a record's source message, a reply in a
review thread — bot/messages registers what to do. A record's post that failed for good:
bot/messages registers who is told and how. The outbox itself knows no feature.
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


AnswerHook = Callable[[Session, str, Copy, dict | None, datetime], None]  # session, team_id, copy, answer, now
_ANSWERS: dict[str, AnswerHook] = {}


def on_answer(role: str) -> Callable[[AnswerHook], AnswerHook]:
    """What to do with a "read" row's answer (None: it failed for good), by the copy's role."""
    def register(hook: AnswerHook) -> AnswerHook:
        _ANSWERS[role] = hook
        return hook
    return register


def answer_known(session: Session, *, team_id: str, copy: Copy, answer: dict | None, now: datetime) -> None:
    hook = _ANSWERS.get(copy.role)
    if hook is not None:
        hook(session, team_id, copy, answer, now)


NotPosted = Callable[..., None]  # session, *, team_id, copy, channel, error, user_id, now
_NOT_POSTED: list[NotPosted] = []


def on_copy_not_posted(hook: NotPosted) -> NotPosted:
    _NOT_POSTED[:] = [hook]
    return hook


def copy_not_posted(session: Session, *, team_id: str, copy: Copy, channel: str | None, error: str, user_id: str,
                    now: datetime) -> None:
    """A record's post failed for good: tell `user_id` (in the transaction that marks it failed)."""
    for hook in _NOT_POSTED:
        hook(session, team_id=team_id, copy=copy, channel=channel, error=error, user_id=user_id, now=now)
