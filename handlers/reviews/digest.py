"""`/qms digest`: a private preview of this period's digest so far (managers and workspace admins)."""
from __future__ import annotations

from slack_bolt import Ack, Respond

from bot import digest
from bot.db import SessionFactory
from bot.qms.refusals import Refused
from handlers.answers import refuse
from handlers.context import WorkspaceContext


def preview(ack: Ack, respond: Respond, sessions: SessionFactory, workspace: WorkspaceContext, now) -> None:
    ack()
    if not workspace.is_manager:
        refuse(respond, Refused("manager_unconfirmed" if workspace.manager is None else "review_managers"))
        return
    respond(**digest.preview(sessions, team_id=workspace.team_id, defaults=workspace.settings, now=now))
