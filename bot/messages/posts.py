"""Queue the four kinds of message every feature sends, about one record's copies in Slack."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.outbox.queue import Copy, enqueue

NO_UNFURL = {"unfurl_links": False, "unfurl_media": False}


def post_copy(session: Session, *, team_id: str, copy: Copy, channel: str, message: dict, now: datetime,
              notify_on_failure: str | None = None) -> None:
    """Post a record's card (or someone's DM copy); where it lands is remembered for updates, and its
    permalink asked of Slack right after (the links in /qms mine and Home). `notify_on_failure`: who is
    told by DM if it can never be posted (bot/messages/failures.py)."""
    enqueue(session, team_id=team_id, key=copy.record_id, method="chat.postMessage",
            args={"channel": channel, **message, **NO_UNFURL}, now=now, copy=copy, use="save",
            notify_on_failure=notify_on_failure)
    enqueue(session, team_id=team_id, key=copy.record_id, method="chat.getPermalink", args={}, now=now,
            copy=copy, use="permalink")


def update_copy(session: Session, *, team_id: str, copy: Copy, message: dict, now: datetime) -> None:
    """Show the record as it is now on that copy (chat.update in place)."""
    enqueue(session, team_id=team_id, key=copy.record_id, method="chat.update", args=message, now=now,
            copy=copy, use="ts")


def reply_in_thread(session: Session, *, team_id: str, copy: Copy, message: dict, now: datetime) -> None:
    """One line in the copy's thread (the record's review thread, for its card)."""
    enqueue(session, team_id=team_id, key=copy.record_id, method="chat.postMessage", args=message, now=now,
            copy=copy, use="thread_ts")


def direct_message(session: Session, *, team_id: str, key: str, user_id: str, message: dict, now: datetime) -> None:
    """A DM from Trellis, ordered with the other messages about `key` (a record id)."""
    enqueue(session, team_id=team_id, key=key, method="chat.postMessage",
            args={"channel": user_id, **message, **NO_UNFURL}, now=now)


def announce_card(session: Session, *, team_id: str, copy: Copy, channel: str | None, owner: str, message: dict,
                  now: datetime, missing: str = "quality channel") -> None:
    """A new record's card to its channel; with no channel set, to `owner`'s DM with a hint to set one
    (and `owner` is told by DM if the channel will not take it)."""
    post_copy(session, team_id=team_id, copy=copy, channel=channel or owner, message=message, now=now,
              notify_on_failure=owner if channel else None)
    if not channel:
        hint = (f"No {missing} is set for Trellis yet, so {copy.record_id}'s card came to you here. "
                "A manager or admin can choose one with `/qms settings`.")
        direct_message(session, team_id=team_id, key=copy.record_id, user_id=owner, message={"text": hint}, now=now)
