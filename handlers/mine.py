"""`/qms mine` and the Home tab: the person's open records and what waits on them."""
from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.blocks.mine import mine_message
from bot.qms import mine
from bot.qms.listing import Section
from bot.services import Services
from handlers.common import may_manage, services


def show_mine(*, ack: Ack, command: dict, client: WebClient, context, **_) -> None:
    svc = services(context)
    ack(**mine_message(user_sections(svc, client, team_id=command["team_id"], user_id=command["user_id"])))


def user_sections(svc: Services, client: WebClient, *, team_id: str, user_id: str) -> list[Section]:
    is_manager = may_manage(svc, client, team_id=team_id, user_id=user_id)  # may ask Slack: before the session
    with svc.session_factory() as session:
        return mine.sections(session, team_id=team_id, user_id=user_id, is_manager=is_manager)
