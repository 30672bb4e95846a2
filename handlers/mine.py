"""`/qms mine` and the Home tab: the person's open records and what waits on them."""
from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.blocks.home import home_view
from bot.blocks.mine import mine_message
from bot.db import SessionFactory
from bot.qms import mine
from bot.qms.listing import Section
from handlers.context import WorkspaceContext


def show(ack: Ack, sessions: SessionFactory, workspace: WorkspaceContext) -> None:
    ack(**mine_message(sections(sessions, workspace)))


def publish_home(event: dict, client: WebClient, sessions: SessionFactory,
                 workspace: WorkspaceContext) -> None:
    if event.get("tab", "home") != "home":
        return
    client.views_publish(user_id=event["user"], view=home_view(event["user"], sections(sessions, workspace)))


def sections(sessions: SessionFactory, workspace: WorkspaceContext) -> list[Section]:
    is_manager = workspace.is_manager  # may ask Slack: before the session
    with sessions.reads() as session:
        return mine.sections(session, team_id=workspace.team_id, user_id=workspace.user_id, is_manager=is_manager)
