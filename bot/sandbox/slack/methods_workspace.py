"""auth.test, apps.connections.open (Socket Mode) and users.info: who the app is and who people are."""
from __future__ import annotations

from typing import TYPE_CHECKING

from bot.sandbox.slack.methods import method
from bot.sandbox.slack.replies import SlackError

if TYPE_CHECKING:
    from bot.sandbox.slack.server import FakeSlack


@method("auth.test")
def auth_test(fake: FakeSlack, args: dict) -> dict:
    return {"url": "https://example.slack.com/", "team": "Example", "user": "trellis", "team_id": fake.team_id,
            "user_id": fake.bot_user_id, "bot_id": fake.bot_id, "is_enterprise_install": False}


@method("apps.connections.open", app_token=True)
def apps_connections_open(fake: FakeSlack, args: dict) -> dict:
    if fake.socket_mode_url is None:
        raise SlackError("not_configured")
    return {"url": fake.socket_mode_url}


@method("users.info", "user")
def users_info(fake: FakeSlack, args: dict) -> dict:
    if args["user"] not in fake.users:
        raise SlackError("user_not_found")
    return {"user": dict(fake.users[args["user"]])}
