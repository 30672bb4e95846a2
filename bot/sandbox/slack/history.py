"""conversations.history and conversations.replies, as Slack pages them.

History is newest first and holds top-level messages (and thread replies sent to the
channel too); replies are the parent and its thread, oldest first. Message metadata
is only returned with `include_all_metadata`. The app must be in the channel to read it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from bot.sandbox.slack.methods import flag, method
from bot.sandbox.slack.replies import SlackError

if TYPE_CHECKING:
    from bot.sandbox.slack.server import FakeSlack

MAX_LIMIT = 999


def _readable(fake: FakeSlack, channel_id: str) -> str:
    return fake.postable_channel(channel_id)["id"]  # a private channel it is not in: channel_not_found


def _in_range(messages: list[dict], args: dict) -> list[dict]:
    oldest, latest = float(args.get("oldest") or 0), float(args.get("latest") or "inf")
    inclusive = flag(args, "inclusive")
    return [m for m in messages if (oldest <= float(m["ts"]) <= latest if inclusive
                                    else oldest < float(m["ts"]) < latest)]


def _page(messages: list[dict], args: dict) -> dict:
    try:
        limit = min(MAX_LIMIT, max(1, int(args.get("limit") or 100)))
        start = int(args.get("cursor") or 0)
    except ValueError:
        raise SlackError("invalid_cursor") from None
    page = messages[start:start + limit]
    with_metadata = flag(args, "include_all_metadata")
    shown = [m if with_metadata else {k: v for k, v in m.items() if k != "metadata"} for m in page]
    more = start + limit < len(messages)
    return {"messages": [dict(m) for m in shown], "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""}}


@method("conversations.history", "channel")
def conversations_history(fake: FakeSlack, args: dict) -> dict:
    channel = _readable(fake, args["channel"])
    top = [m for m in fake.messages.get(channel, [])
           if m.get("thread_ts") in (None, m["ts"]) or m.get("subtype") == "thread_broadcast"]
    return _page(sorted(_in_range(top, args), key=lambda m: float(m["ts"]), reverse=True), args)


@method("conversations.replies", "channel", "ts")
def conversations_replies(fake: FakeSlack, args: dict) -> dict:
    channel = _readable(fake, args["channel"])
    messages = fake.messages.get(channel, [])
    if not any(m["ts"] == args["ts"] for m in messages):
        raise SlackError("thread_not_found")
    thread = [m for m in messages if m["ts"] == args["ts"] or m.get("thread_ts") == args["ts"]]
    parent, replies = thread[:1], _in_range([m for m in thread if m["ts"] != args["ts"]], args)
    return _page(sorted(parent + replies, key=lambda m: float(m["ts"])), args)
