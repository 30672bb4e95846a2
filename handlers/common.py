"""Small helpers every listener area uses."""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

from slack_bolt.context import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.qms import outbox, workspaces
from bot.qms.evidence import SourceMessage
from bot.services import Services
from bot.slack import user_is_admin

log = logging.getLogger("trellis")


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


def delivery_key(body: dict) -> tuple[str, str]:
    """What identifies a delivery Slack may repeat: an event's id; a view submission's view id and hash."""
    if body.get("type") == "event_callback":
        return "event", body["event_id"]
    if body.get("type") == "view_submission":
        return "view", f"{body['view']['id']}:{body['view']['hash']}"
    raise ValueError(f"Slack does not redeliver {body.get('type')!r} payloads")


def first_delivery(session: Session, body: dict, *, now: datetime) -> bool:
    """True the first time this event or view submission arrives. Call it inside the transaction that
    stores its effect, and do nothing more when it is False: a retry then never stores twice, and a
    first attempt that rolled back leaves the retry free to do the work."""
    kind, key = delivery_key(body)
    return outbox.first_time(session, team_id=team_id_of(body), kind=kind, key=key, now=now)


def shortcut_source(shortcut: dict) -> SourceMessage:
    """The message a message shortcut was used on: the record's evidence."""
    message = shortcut["message"]
    return SourceMessage(channel=shortcut["channel"]["id"], ts=message["ts"],
                         author=message.get("user") or message.get("bot_id"), text=message.get("text") or "")


def with_permalink(client: WebClient, source: SourceMessage | None) -> SourceMessage | None:
    """Add the message's permalink; evidence is still kept (channel and ts) if Slack cannot give one."""
    if source is None:
        return None
    try:
        link = client.chat_getPermalink(channel=source.channel, message_ts=source.ts).get("permalink")
    except SlackApiError as exc:
        log.warning("no permalink for %s/%s: %s", source.channel, source.ts, exc.response.get("error"))
        return source
    return replace(source, permalink=link)
