"""`user_change` events: what Slack says about a person changed, so the directory's copy does too.
Someone who left: the cards of the knowledge they owned say so (a manager reassigns it there)."""
from __future__ import annotations

from bot.db import SessionFactory
from bot.directory import Directory
from bot.messages import knowledge as kb_messages


def on_user_change(event: dict, context, directory: Directory, sessions: SessionFactory, now) -> None:
    user = event.get("user") or {}
    if user.get("id"):
        directory.remember_user(context.team_id, user)
        if user.get("deleted"):
            with sessions.begin() as session:
                kb_messages.owner_left(session, team_id=context.team_id, user_id=user["id"], now=now)
