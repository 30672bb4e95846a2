"""Snooze 1 day / Snooze 1 week on a reminder DM: ack, postpone the clicker's group once, show it on the DM."""
from __future__ import annotations

from slack_bolt import Ack, Respond
from sqlalchemy.orm import Session

from bot.blocks.reminders.dm import nothing_to_snooze, read_snooze_value
from bot.db import SessionFactory
from bot.messages import reminders as reminder_messages
from bot.qms.reminders import snooze as snoozes
from handlers.answers import attempt
from handlers.context import WorkspaceContext


def snooze_day(ack: Ack, body: dict, action: dict, respond: Respond, sessions: SessionFactory,
               workspace: WorkspaceContext, now) -> None:
    _snooze(ack, body, action, respond, sessions, workspace, now, "day")


def snooze_week(ack: Ack, body: dict, action: dict, respond: Respond, sessions: SessionFactory,
                workspace: WorkspaceContext, now) -> None:
    _snooze(ack, body, action, respond, sessions, workspace, now, "week")


def _snooze(ack: Ack, body: dict, action: dict, respond: Respond, sessions: SessionFactory,
            workspace: WorkspaceContext, now, length: str) -> None:
    ack()
    try:
        kind, day = read_snooze_value(action.get("value") or "")
    except (ValueError, KeyError, TypeError):
        respond(response_type="ephemeral", replace_original=False, text="This button is not one Trellis made.")
        return
    message, channel = body.get("message") or {}, (body.get("container") or {}).get("channel_id")
    settings = workspace.settings

    def work(session: Session):
        snoozed = snoozes.snooze(session, team_id=workspace.team_id, person=workspace.user_id, kind=kind, day=day,
                                 length=length, settings=settings, now=now)
        if snoozed.record_ids and channel and message.get("ts"):
            reminder_messages.show_snoozed(session, team_id=workspace.team_id, channel=channel, ts=message["ts"],
                                           message=message, snoozed=snoozed, now=now)
        return snoozed

    snoozed, _refusal = attempt(sessions, work)
    if not snoozed.record_ids:
        respond(response_type="ephemeral", replace_original=False, text=nothing_to_snooze(kind))
