"""Events API: the Home tab and messages (thread replies)."""
from __future__ import annotations

from functools import partial

from slack_bolt import App
from slack_sdk import WebClient

from bot.blocks.home import home_view
from bot.qms import threads
from handlers.common import first_delivery, services
from handlers.mine import user_sections

# Message subtypes that are a person writing (a plain reply, "also send to channel", a file with text).
PERSON_SUBTYPES = (None, "thread_broadcast", "file_share")


def register(app: App) -> None:
    app.event("app_home_opened")(publish_home)
    app.event("message")(on_message)


def publish_home(event: dict, client: WebClient, context) -> None:
    if event.get("tab", "home") != "home":
        return
    lists = user_sections(services(context), client, team_id=context.team_id, user_id=event["user"])
    client.views_publish(user_id=event["user"], view=home_view(event["user"], lists))


def on_message(event: dict, body: dict, context) -> None:
    """Human replies under a record's card are kept with the record (edits and deletions too).

    Slack redelivers an event it thinks timed out (same event_id): the change and the
    event's key commit together, so a redelivery finds the key and stores nothing.
    """
    change = thread_change(event, context)
    if change is None:
        return
    svc = services(context)
    now = svc.now()
    with svc.session_factory.begin() as session:
        if first_delivery(session, body, now=now):
            change(session, team_id=context.team_id, channel=event.get("channel"), now=now)


def thread_change(event: dict, context):
    """What a message event means for a review thread, as a function of the session; None: nothing."""
    subtype, message = event.get("subtype"), event.get("message") or {}
    if subtype == "message_changed" and by_a_person(message, context):
        return partial(threads.edit_reply, ts=message["ts"], text=message.get("text") or "")
    if subtype == "message_deleted" and event.get("deleted_ts"):
        return partial(threads.delete_reply, ts=event["deleted_ts"])
    if subtype in PERSON_SUBTYPES and by_a_person(event, context) and event.get("thread_ts", event["ts"]) != event["ts"]:
        return partial(threads.capture_reply, thread_ts=event["thread_ts"], ts=event["ts"], user=event["user"],
                       text=event.get("text") or "")
    return None


def by_a_person(message: dict, context) -> bool:
    """Not Trellis itself, not another bot or integration."""
    return bool(message.get("user")) and not message.get("bot_id") and message.get("subtype") != "bot_message" \
        and message["user"] != context.get("bot_user_id")

