"""`/qms mine` and the Home tab: the person's open records and what waits on them."""
from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.blocks.home import home_view
from bot.blocks.mine import mine_message
from bot.db import SessionFactory
from bot.homes import HOMES
from bot.qms import mine
from bot.qms.listing import Section
from handlers.context import WorkspaceContext


def show(ack: Ack, sessions: SessionFactory, workspace: WorkspaceContext) -> None:
    ack(**mine_message(sections(sessions, workspace)))


def publish_home(event: dict, client: WebClient, sessions: SessionFactory,
                 workspace: WorkspaceContext) -> None:
    """Acked at once; drawn and published after the ack (bot.homes)."""
    if event.get("tab", "home") != "home":
        return
    user_id = event["user"]
    HOMES.publish((workspace.team_id, user_id), lambda: client.views_publish(
        user_id=user_id, view=home_view(user_id, sections(sessions, workspace))))


def sections(sessions: SessionFactory, workspace: WorkspaceContext) -> list[Section]:
    is_manager = workspace.is_manager  # may ask Slack: before the session
    with sessions.reads() as session:
        return mine.sections(session, team_id=workspace.team_id, user_id=workspace.user_id, is_manager=is_manager,
                             now=workspace.now)
