"""Registration table: Events API subscriptions (app.yaml bot_events)."""
from __future__ import annotations

from slack_bolt import App

from handlers import mine, people, threads


def register(app: App) -> None:
    app.event("app_home_opened")(mine.publish_home)
    app.event("message")(threads.on_message)
    app.event("user_change")(people.on_user_change)
