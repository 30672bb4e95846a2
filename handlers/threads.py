"""Message events: human replies under a record's card are kept with the record (edits and
deletions too) — its review thread; in customer channels, first response times (handlers/responses.py).

Slack redelivers an event it thinks timed out (same event_id): the change and the
event's key commit together, so a redelivery finds the key and stores nothing.
"""
from __future__ import annotations

from functools import partial

from bot.db import SessionFactory
from bot.directory import Directory
from bot.messages import threads as thread_messages
from bot.qms import threads
from handlers.answers import first_delivery
from handlers.context import WorkspaceContext
from handlers.responses import response_change


def on_message(event: dict, body: dict, context, sessions: SessionFactory, directory: Directory,
               workspace: WorkspaceContext, now) -> None:
    """The one `message` listener: a review thread's reply and a customer channel's first response time,
    applied in one transaction with the event's delivery key (a redelivery changes neither)."""
    change, timing = thread_change(event, context), response_change(event, body, context, workspace, directory)
    if change is None and timing is None:
        return
    with sessions.begin() as session:
        if first_delivery(session, body, team_id=context.team_id, now=now):
            comment = change(session, team_id=context.team_id, channel=event.get("channel"), now=now) \
                if change else None
            if comment is not None and comment.permalink is None:
                thread_messages.fetch_permalink(session, comment, now=now)
            if timing is not None:
                timing(session, team_id=context.team_id)


def thread_change(event: dict, context):
    """What a message event means for a review thread, as a function of the session; None: nothing."""
    subtype, message = event.get("subtype"), event.get("message") or {}
    if subtype == "message_changed" and by_a_person(message, context):
        return partial(threads.edit_reply, ts=message["ts"], text=message.get("text") or "")
    if subtype == "message_deleted" and event.get("deleted_ts"):
        return partial(threads.delete_reply, ts=event["deleted_ts"])
    in_a_thread = event.get("thread_ts", event["ts"]) != event["ts"]
    if subtype in threads.PERSON_SUBTYPES and by_a_person(event, context) and in_a_thread:
        return partial(threads.capture_reply, thread_ts=event["thread_ts"], ts=event["ts"], user=event["user"],
                       text=event.get("text") or "")
    return None


def by_a_person(message: dict, context) -> bool:
    return threads.by_a_person(message, context.get("bot_user_id"))
