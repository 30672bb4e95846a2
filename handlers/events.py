"""Events API: the Home tab and messages (thread replies)."""
from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot.blocks.home import home_view


def register(app: App) -> None:
    app.event("app_home_opened")(publish_home)
    app.event("message")(on_message)


def publish_home(event: dict, client: WebClient) -> None:
    if event.get("tab", "home") != "home":
        return
    client.views_publish(user_id=event["user"], view=home_view(event["user"]))


def on_message(event: dict) -> None:
    """Messages are acked; thread replies to records are kept by the review-thread feature."""
