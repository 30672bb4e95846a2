"""chat.*: posting, updating, deleting, ephemeral messages and permalinks.

Only chat.postMessage takes a person's user id as `channel` (it opens the app's DM with
them, as Slack does); chat.update, chat.delete and chat.getPermalink need the DM's own D…
id and answer `channel_not_found` for a user id.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from bot.sandbox.slack.methods import MESSAGE_CONTENT, check_message, method, pick
from bot.sandbox.slack.replies import SlackError

if TYPE_CHECKING:
    from bot.sandbox.slack.server import FakeSlack


@method("chat.postMessage", "channel", one_of=MESSAGE_CONTENT, one_of_error="no_text")
def chat_post_message(fake: FakeSlack, args: dict) -> dict:
    channel = fake.postable_channel(args["channel"], user_ids=True)
    check_message(args)
    msg = {"type": "message", "user": fake.bot_user_id, "bot_id": fake.bot_id, "app_id": fake.app_id,
           "team": fake.team_id, "ts": fake._next_ts(), "text": args.get("text") or "",
           **pick(args, "blocks", "attachments", "thread_ts", "metadata")}
    fake.store_message(channel, msg)
    return {"channel": channel["id"], "ts": msg["ts"], "message": dict(msg)}


@method("chat.update", "channel", "ts", one_of=MESSAGE_CONTENT, one_of_error="no_text")
def chat_update(fake: FakeSlack, args: dict) -> dict:
    channel, msg = fake.find_message(args["channel"], args["ts"])
    if msg.get("user") != fake.bot_user_id:
        raise SlackError("cant_update_message")  # a bot token edits only the app's own messages
    check_message(args)
    # Slack keeps fields that the update does not mention (e.g. blocks when only text is sent).
    fake.edit_message(channel, msg, pick(args, "text", "blocks", "attachments", "metadata"))
    return {"channel": channel["id"], "ts": msg["ts"], "text": msg["text"], "message": dict(msg)}


@method("chat.delete", "channel", "ts")
def chat_delete(fake: FakeSlack, args: dict) -> dict:
    channel, msg = fake.find_message(args["channel"], args["ts"])
    if msg.get("user") != fake.bot_user_id:
        raise SlackError("cant_delete_message")
    fake.delete_message(channel, msg)
    return {"channel": channel["id"], "ts": msg["ts"]}


@method("chat.postEphemeral", "channel", "user", one_of=MESSAGE_CONTENT, one_of_error="no_text")
def chat_post_ephemeral(fake: FakeSlack, args: dict) -> dict:
    channel = fake.postable_channel(args["channel"])["id"]
    if args["user"] not in fake.users:
        raise SlackError("user_not_in_channel")
    check_message(args)
    msg = {"ts": fake._next_ts(), "user": args["user"], "text": args.get("text") or "",
           **pick(args, "blocks", "attachments", "thread_ts")}
    fake.ephemerals[channel].append(msg)
    return {"message_ts": msg["ts"]}


@method("chat.getPermalink", "channel", "message_ts")
def chat_get_permalink(fake: FakeSlack, args: dict) -> dict:
    channel = fake.channel_for_app(args["channel"])["id"]
    permalink = f"https://example.slack.com/archives/{channel}/p{args['message_ts'].replace('.', '')}"
    return {"channel": channel, "permalink": permalink}
