"""conversations.open, .join and .info, as the app may see them (history and replies: history.py)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from bot.sandbox.slack.methods import method
from bot.sandbox.slack.replies import SlackError

if TYPE_CHECKING:
    from bot.sandbox.slack.server import FakeSlack


@method("conversations.open", one_of=("users", "channel"), one_of_error="users_list_not_supplied")
def conversations_open(fake: FakeSlack, args: dict) -> dict:
    if args.get("channel"):
        return {"channel": {"id": fake.channel_for_app(args["channel"])["id"]}}
    users = args["users"].split(",") if isinstance(args["users"], str) else list(args["users"])
    if any(user not in fake.users for user in users):
        raise SlackError("user_not_found")
    if len(users) == 1:
        return {"channel": {"id": fake.channel_for_app(users[0], user_ids=True)["id"]}}
    group_id = "G" + "_".join(sorted(users))  # a group DM with the app in it, opened on first use
    if group_id not in fake.channels:
        fake.add_channel(group_id, name="mpdm-" + "--".join(sorted(users)), is_private=True)
    return {"channel": {"id": group_id}}


@method("conversations.join", "channel")
def conversations_join(fake: FakeSlack, args: dict) -> dict:
    channel = fake.channel_for_app(args["channel"])
    if channel["is_private"] or channel["is_im"]:
        raise SlackError("method_not_supported_for_channel_type")
    channel["is_member"] = True
    return {"channel": dict(channel)}


@method("conversations.info", "channel")
def conversations_info(fake: FakeSlack, args: dict) -> dict:
    return {"channel": dict(fake.channel_for_app(args["channel"]))}
