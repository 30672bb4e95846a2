"""`/qms export`: the auditor's workbook, for managers, sent to the requester's DM once it is built."""
from __future__ import annotations

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.blocks.export import building_message
from bot.db import SessionFactory
from bot.exports import EXPORTS
from bot.qms.refusals import Refused
from handlers.answers import refuse
from handlers.context import WorkspaceContext


def command(ack: Ack, respond: Respond, client: WebClient, sessions: SessionFactory,
            workspace: WorkspaceContext, now) -> None:
    ack()  # the manager check may ask Slack: after the ack
    manager = workspace.manager
    if manager is not True:
        refuse(respond, Refused("manager_unconfirmed" if manager is None else "export_workbook"))
        return
    respond(**building_message())
    EXPORTS.start(sessions=sessions, client=client, team_id=workspace.team_id, user_id=workspace.user_id,
                  now=now)
