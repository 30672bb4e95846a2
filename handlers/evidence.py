"""The Slack message a record is made from (a message shortcut on it): who wrote it, and whether
its conversation is known to be public — from the directory's cache, never waiting for Slack."""
from __future__ import annotations

from dataclasses import replace

from bot.blocks.slack_text import mentioned
from bot.directory import Directory
from bot.qms.evidence import SourceMessage

PRIVATE_NAMES = ("directmessage", "privategroup")  # what a message shortcut's payload calls DMs and groups


def shortcut_source(shortcut: dict, directory: Directory, team_id: str) -> SourceMessage:
    message, channel = shortcut["message"], shortcut["channel"]
    by_app = bool(message.get("bot_id")) or message.get("subtype") == "bot_message"
    app_name = (message.get("bot_profile") or {}).get("name") or message.get("username") or "an app"
    source = SourceMessage(channel=channel["id"], ts=message["ts"], text=message.get("text") or "",
                           author=None if by_app else message.get("user"),
                           author_name=app_name if by_app else None)
    return replace(source, private=not public(directory, team_id, channel, look_up=False))


def look_up_later(directory: Directory, team_id: str, source: SourceMessage) -> None:
    """After the modal is open (the one Slack call before the ack): learn the conversation and the people
    it mentions, for the submit and the card."""
    if source.private and not source.channel.startswith(("D", "G")):
        directory.channel(team_id, source.channel)
    directory.users(team_id, mentioned(source.text) | ({source.author} if source.author else set()))


def checked_again(source: SourceMessage | None, directory: Directory, team_id: str) -> SourceMessage | None:
    """On submit: a conversation found to be public since the modal opened shows its quote as any would."""
    if source is None or not source.private:
        return source
    return replace(source, private=not public(directory, team_id, {"id": source.channel}))


def public(directory: Directory, team_id: str, channel: dict, *, look_up: bool = True) -> bool:
    """Only what Slack has said is a public channel (from the cache); with `look_up`, a lookup starts
    for next time when it is not known."""
    if channel.get("name") in PRIVATE_NAMES or channel["id"].startswith(("D", "G")):
        return False
    known = directory.channel(team_id, channel["id"]) if look_up else directory.cached_channel(team_id, channel["id"])
    return known is not None and not known.is_private
