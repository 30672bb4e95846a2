"""`user_change` events: what Slack says about a person changed, so the directory's copy does too."""
from __future__ import annotations

from bot.directory import Directory


def on_user_change(event: dict, context, directory: Directory) -> None:
    user = event.get("user") or {}
    if user.get("id"):
        directory.remember_user(context.team_id, user)
