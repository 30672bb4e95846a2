"""People and conversations as Slack last described them (models.directory), read and stored.

Pure database work: the Slack side (users.info, conversations.info, user_change) is
bot.directory's. A row older than its time to live is still an answer; the caller
decides whether to refresh it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import SlackChannel, SlackUser

# What a Slack user id looks like (U… or, on Enterprise Grid, W…): the one check every form's rules use.
_USER_ID = re.compile(r"[UW][A-Z0-9_]{1,20}")


def is_user_id(value: str | None) -> bool:
    return bool(value) and _USER_ID.fullmatch(value) is not None


def users(session: Session, *, team_id: str, user_ids: Iterable[str]) -> dict[str, SlackUser]:
    ids = list(dict.fromkeys(user_ids))
    if not ids:
        return {}
    return {row.user_id: row for row in session.scalars(select(SlackUser).where(
        SlackUser.team_id == team_id, SlackUser.user_id.in_(ids)))}


def store_user(session: Session, *, team_id: str, user: dict, now: datetime) -> SlackUser:
    """Keep what users.info (or a user_change event) said about someone."""
    profile = user.get("profile") or {}
    values = dict(
        name=(profile.get("display_name") or profile.get("real_name") or user.get("real_name")
              or user.get("name") or user["id"])[:200],
        real_name=(profile.get("real_name") or user.get("real_name") or "")[:200],
        tz=user.get("tz"), home_team=_home_team(team_id, user),
        is_admin=bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner")),
        is_bot=bool(user.get("is_bot") or user.get("is_app_user")) or user["id"] == "USLACKBOT",
        deleted=bool(user.get("deleted")), fetched_at=now)
    row = session.get(SlackUser, (team_id, user["id"])) or SlackUser(team_id=team_id, user_id=user["id"])
    for name, value in values.items():
        setattr(row, name, value)
    session.add(row)
    return row


def forget_user(session: Session, *, team_id: str, user_id: str, now: datetime) -> SlackUser:
    """Slack says there is no such user (user_not_found): they are gone."""
    return store_user(session, team_id=team_id, user={"id": user_id, "deleted": True}, now=now)


def channel(session: Session, *, team_id: str, channel_id: str) -> SlackChannel | None:
    return session.get(SlackChannel, (team_id, channel_id))


def store_channel(session: Session, *, team_id: str, info: dict, now: datetime) -> SlackChannel:
    """Keep what conversations.info said; a conversation is public only when Slack says so."""
    public = bool(info.get("is_channel")) and not info.get("is_private") and not info.get("is_im") \
        and not info.get("is_mpim")
    values = dict(name=(info.get("name") or "")[:200], is_private=not public, is_im=bool(info.get("is_im")),
                  is_mpim=bool(info.get("is_mpim")), is_ext_shared=bool(info.get("is_ext_shared")),
                  is_member=bool(info.get("is_member") or info.get("is_im")),
                  is_archived=bool(info.get("is_archived")), fetched_at=now)
    row = channel(session, team_id=team_id, channel_id=info["id"]) or SlackChannel(team_id=team_id,
                                                                                   channel_id=info["id"])
    for name, value in values.items():
        setattr(row, name, value)
    session.add(row)
    return row


def _home_team(team_id: str, user: dict) -> str | None:
    """The organisation someone belongs to when it is not this workspace (Slack Connect)."""
    home = user.get("team_id") or (user.get("profile") or {}).get("team")
    return home if home and home != team_id else None
