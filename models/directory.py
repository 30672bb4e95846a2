"""What Slack says about people and conversations, cached (users.info, conversations.info).

Listeners read these instead of asking Slack on the ack path; a miss is looked up,
a stale row refreshed in the background, and `user_change` events keep users current.
"""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.types import utcnow


class SlackUser(SQLModel, table=True):
    __tablename__ = "slack_user"

    team_id: str = Field(primary_key=True, max_length=32)
    user_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(default="", max_length=200)  # what people call them: display name, else real name
    real_name: str = Field(default="", max_length=200)
    tz: str | None = Field(default=None, max_length=64)
    home_team: str | None = Field(default=None, max_length=32)  # another organisation's id for external people
    is_admin: bool = False  # admin, owner or primary owner
    is_bot: bool = False
    deleted: bool = False
    fetched_at: datetime = Field(default_factory=utcnow)


class SlackChannel(SQLModel, table=True):
    __tablename__ = "slack_channel"

    team_id: str = Field(primary_key=True, max_length=32)
    channel_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(default="", max_length=200)
    is_private: bool = True  # anything not known to be a public channel is treated as private
    is_im: bool = False
    is_mpim: bool = False
    is_ext_shared: bool = False
    is_member: bool = False
    is_archived: bool = False
    fetched_at: datetime = Field(default_factory=utcnow)
