"""Message events in customer channels (marked in `/qms settings`): first response times.

Only ids and times are kept. A channel that is not a customer channel writes nothing; Trellis's own
and other bots' messages are no one's; a person's organisation is the event's `user_team` (Slack
Connect), else what the directory already knows (no Slack call).
"""
from __future__ import annotations

from functools import partial

from bot.directory import Directory
from bot.qms import threads
from bot.qms.responses import timing
from bot.qms.responses.hours import calendar_of
from handlers.context import WorkspaceContext


def response_change(event: dict, body: dict, context, workspace: WorkspaceContext, directory: Directory):
    """What a message event means for first response times, as a function of the session; None: nothing."""
    channel = event.get("channel")
    if channel not in workspace.settings.customer_channels:
        if body.get("is_ext_shared_channel") and channel:
            directory.channel(workspace.team_id, channel)  # Slack Connect: learnt, then suggested in settings
        return None
    subtype, message = event.get("subtype"), event.get("message") or {}
    timezone = workspace.settings.timezone
    if subtype == "message_deleted" and event.get("deleted_ts"):
        return partial(timing.message_deleted, channel=channel, ts=event["deleted_ts"], timezone=timezone)
    if subtype == "message_changed" and message.get("subtype") == "tombstone":  # deleted, its thread kept
        return partial(timing.message_deleted, channel=channel, ts=message["ts"], timezone=timezone)
    if subtype not in threads.PERSON_SUBTYPES or not threads.by_a_person(event, context.get("bot_user_id")):
        return None
    author_team = event.get("user_team") or event.get("team") or known_team(directory, workspace.team_id,
                                                                             event["user"])
    if author_team and author_team != workspace.team_id:
        return partial(timing.customer_wrote, channel=channel, ts=event["ts"], thread_ts=event.get("thread_ts"),
                       author=event["user"], author_team=author_team)
    return partial(timing.colleague_replied, channel=channel, ts=event["ts"], thread_ts=event.get("thread_ts"),
                   user=event["user"], calendar=calendar_of(workspace.settings))


def known_team(directory: Directory, team_id: str, user_id: str) -> str | None:
    cached = directory.users(team_id, [user_id], look_up=False).get(user_id)
    return cached.home_team if cached else None
