"""The Events API `message` events Slack sends when a message is posted, edited or deleted.

Shapes follow Slack's (`channel_type` says which subscription delivers it: message.channels,
.groups or .im); a bot's own post carries its `user` and `bot_id`, which is how an app
recognises — and must ignore — its own messages.
"""
from __future__ import annotations


def channel_type(channel: dict) -> str:
    if channel["is_im"]:
        return "im"
    return "group" if channel["is_private"] else "channel"


def posted(channel: dict, message: dict) -> dict:
    return {**message, "channel": channel["id"], "channel_type": channel_type(channel), "event_ts": message["ts"]}


def changed(channel: dict, before: dict, after: dict, ts: str) -> dict:
    return {"type": "message", "subtype": "message_changed", "hidden": True, "channel": channel["id"],
            "channel_type": channel_type(channel), "ts": ts, "event_ts": ts, "message": dict(after),
            "previous_message": dict(before)}


def deleted(channel: dict, message: dict, ts: str) -> dict:
    return {"type": "message", "subtype": "message_deleted", "hidden": True, "channel": channel["id"],
            "channel_type": channel_type(channel), "ts": ts, "event_ts": ts, "deleted_ts": message["ts"],
            "previous_message": dict(message)}
