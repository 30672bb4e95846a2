"""Small helpers every listener area uses."""
from __future__ import annotations

from slack_bolt.context import BoltContext
from slack_sdk import WebClient

from bot.qms import workspaces
from bot.services import Services
from bot.slack import user_is_admin


def services(context: BoltContext) -> Services:
    return context["services"]


def team_id_of(body: dict) -> str:
    return (body.get("team") or {}).get("id") or body.get("team_id") or body["user"]["team_id"]


def user_id_of(body: dict) -> str:
    return body.get("user_id") or (body.get("user") or {}).get("id")


def workspace_settings(svc: Services, team_id: str) -> workspaces.WorkspaceSettings:
    with svc.session_factory() as session:
        return workspaces.settings_for(session, team_id=team_id, defaults=svc.defaults)


def may_manage(svc: Services, client: WebClient, *, team_id: str, user_id: str) -> bool:
    """Named managers, or workspace admins/owners (asked of Slack only when needed)."""
    settings = workspace_settings(svc, team_id)
    return workspaces.is_manager(settings, user_id) or user_is_admin(client, user_id)
