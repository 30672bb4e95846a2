"""`/qms export`: the auditor's workbook, for managers, sent to the requester's DM once it is built.

The answer is the ack itself ("building…" or why not): no Slack call waits in front of it, and the
workbook is built on bot/exports.py's worker after the listener returns."""
from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.blocks.export import bad_period_message, building_message
from bot.blocks.refusals import refusal_text
from bot.db import SessionFactory
from bot.exports import EXPORTS
from bot.qms.export.period import BadPeriod, period
from bot.qms.refusals import Refused
from handlers.context import WorkspaceContext
from handlers.slash import rest_of


def command(ack: Ack, command: dict, client: WebClient, sessions: SessionFactory, workspace: WorkspaceContext,
            now) -> None:
    """`/qms export [FIRST-DAY] [LAST-DAY]` (UTC days, both included; none: everything)."""
    manager = workspace.manager  # settings, else the directory's cache (a bounded wait for users.info on a miss)
    if manager is not True:
        refused = Refused("manager_unconfirmed" if manager is None else "export_workbook")
        ack(response_type="ephemeral", text=refusal_text(refused))
        return
    days = rest_of(command).split()
    first, last, *more = [*days, None, None]
    try:
        if any(more):
            raise BadPeriod(f"{' '.join(days[2:])!r} is more than a first and a last day")
        since, until = period(first, last, since_name="the first day", until_name="the last day")
    except BadPeriod as problem:
        ack(**bad_period_message(str(problem)))
        return
    ack(**building_message())
    EXPORTS.start(sessions=sessions, client=client, team_id=workspace.team_id, user_id=workspace.user_id, now=now,
                  since=since, until=until)
