"""The Slack message a record is made from (a message shortcut on it), and its permalink."""
from __future__ import annotations

import logging
from dataclasses import replace

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.qms.evidence import SourceMessage

log = logging.getLogger("trellis")


def shortcut_source(shortcut: dict) -> SourceMessage:
    """The message a message shortcut was used on: the record's evidence."""
    message = shortcut["message"]
    return SourceMessage(channel=shortcut["channel"]["id"], ts=message["ts"],
                         author=message.get("user") or message.get("bot_id"), text=message.get("text") or "")


def with_permalink(client: WebClient, source: SourceMessage | None) -> SourceMessage | None:
    """Add the message's permalink; evidence is still kept (channel and ts) if Slack cannot give one."""
    if source is None:
        return None
    try:
        link = client.chat_getPermalink(channel=source.channel, message_ts=source.ts).get("permalink")
    except SlackApiError as exc:
        log.warning("no permalink for %s/%s: %s", source.channel, source.ts, exc.response.get("error"))
        return source
    return replace(source, permalink=link)
