"""The workspace the fake Slack holds: people, channels (and who may see them), messages,
views and files — and the events its changes produce, for an app that asked for them.

A fresh workspace has the people and channels below, and a DM ("D" + user id) between the app
and each person. Any other channel id is unknown (`channel_not_found`) until a test adds it.
"""
from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Protocol

from bot.sandbox.slack import message_events
from bot.sandbox.slack.app_home import AppHome
from bot.sandbox.slack.replies import ImpossibleInSlack, SlackError

DEFAULT_USERS = {"U_ALICE": {}, "U_BOB": {}, "U_CAROL": {}, "U_MANAGER": {}, "U_ADMIN": {"is_admin": True}}
DEFAULT_CHANNELS = {"C_GENERAL": "general", "C_QUALITY": "quality", "C_SALES": "sales"}  # the app is in each
TURNED_OFF = "Sending messages to this app has been turned off."  # what Slack shows instead of a composer


class EventSink(Protocol):
    def emit(self, event: dict) -> None: ...


class Workspace:
    team_id: str
    bot_user_id: str
    bot_id: str
    app_home: AppHome
    people: dict[str, dict]             # user_id -> add_user arguments: who a fresh workspace has
    rooms: dict[str, str | dict]        # channel_id -> name, or add_channel arguments
    ts_clock: Callable[[], float] | None
    _changed: Callable[[], None]        # clients.py: tells whoever watches
    _cond: threading.Condition
    _ids: Iterator[int]

    def _fresh_workspace(self) -> None:
        self.socket_mode_url: str | None = None
        self.events_to: EventSink | None = None   # opt-in: where message events go (an Inbound)
        self.messages: dict[str, list[dict]] = defaultdict(list)
        self.ephemerals: dict[str, list[dict]] = defaultdict(list)
        self.views: dict[str, dict] = {}          # view_id -> current view (views.open/push/update/publish)
        self.home_views: dict[str, dict] = {}     # user_id -> published Home tab
        self.users: dict[str, dict] = {}
        self.channels: dict[str, dict] = {}
        self.uploads: dict[str, bytes] = {}       # file_id -> uploaded bytes
        self.files: dict[str, dict] = {}          # file_id -> {"name", "length", "title", ...}
        for user_id, flags in self.people.items():
            self.add_user(user_id, **flags)
        self.add_user(self.bot_user_id, name="trellis", real_name="Trellis", is_bot=True)
        for channel_id, room in self.rooms.items():
            self.add_channel(channel_id, **(room if isinstance(room, dict) else {"name": room}))

    # --- scripting: who and where ------------------------------------------------------------
    def add_user(self, user_id: str, *, name: str | None = None, real_name: str | None = None,
                 is_admin: bool = False, is_owner: bool = False, deleted: bool = False, is_bot: bool = False,
                 tz: str = "UTC", team_id: str | None = None, title: str = "") -> dict:
        """A person (with their DM with the app) or a bot; `team_id` another organisation's (Slack Connect)."""
        name = name or user_id.removeprefix("U_").lower()
        real_name = real_name or name.title()
        team_id = team_id or self.team_id
        self.users[user_id] = {
            "id": user_id, "team_id": team_id, "name": name, "real_name": real_name, "deleted": deleted,
            "is_admin": is_admin, "is_owner": is_owner, "is_bot": is_bot, "is_app_user": False, "tz": tz,
            "is_stranger": team_id != self.team_id,
            "profile": {"display_name": name, "real_name": real_name, "team": team_id, "title": title},
        }
        if not is_bot:
            self.add_channel(self.dm_of(user_id), name=user_id, user=user_id)
        return self.users[user_id]

    def add_channel(self, channel_id: str, *, name: str | None = None, is_member: bool = True,
                    is_private: bool = False, user: str | None = None, is_ext_shared: bool = False) -> dict:
        """A channel; `is_member` says whether the app is in it (a private one it is not in is invisible to it);
        `is_ext_shared`: shared with another organisation (Slack Connect)."""
        is_im = channel_id.startswith("D")
        self.channels[channel_id] = {
            "id": channel_id, "name": name or channel_id.lower(), "is_channel": not (is_private or is_im),
            "is_group": is_private, "is_im": is_im, "is_private": is_private, "is_member": is_member or is_im,
            "is_archived": False, "is_ext_shared": is_ext_shared, "is_shared": is_ext_shared,
            **({"user": user} if is_im and user else {}),
        }
        return self.channels[channel_id]

    @staticmethod
    def dm_of(user_id: str) -> str:
        """The id of the DM between the app and this person."""
        return "D" + user_id

    def send_events_to(self, sink: EventSink | None) -> None:
        """Deliver message events (the app's own posts too) to `sink`; None stops. Off in a fresh workspace."""
        with self._cond:
            self.events_to = sink

    def post_as(self, user_id: str, channel_id: str, text: str, *, thread_ts: str | None = None) -> dict:
        """A person's message, as Slack stores it; its event goes to the app if events are on and it is there."""
        with self._cond:
            channel = self.channels.get(channel_id)
            if user_id not in self.users or channel is None:
                raise ImpossibleInSlack(f"{user_id} cannot post in {channel_id}: add_user / add_channel first")
            if channel["is_im"] and channel.get("user") != user_id:
                raise ImpossibleInSlack(f"{channel_id} is not {user_id}'s DM with the app")
            if channel["is_im"] and not self.app_home.people_can_write:
                raise ImpossibleInSlack(f"{user_id} cannot write to the app: {TURNED_OFF} (app.yaml app_home)")
            team = self.users[user_id]["team_id"]  # a Slack Connect author's own organisation
            msg = {"type": "message", "user": user_id, "team": team, "user_team": team, "ts": self._next_ts(),
                   "text": text,
                   **({"thread_ts": thread_ts} if thread_ts else {})}
            return dict(self.store_message(channel, msg))

    # --- the app's view of channels --------------------------------------------------------
    def channel_for_app(self, channel_id: str, *, user_ids: bool = False) -> dict:
        """The channel as the app sees it. Unknown ids and private channels it is not in are
        `channel_not_found`; with `user_ids` (chat.postMessage only) a person's id means their DM."""
        if user_ids and channel_id in self.users:
            if self.users[channel_id]["is_bot"]:
                raise SlackError("cannot_dm_bot")
            channel_id = self.dm_of(channel_id)
        channel = self.channels.get(channel_id)
        if channel is None or (channel["is_private"] and not channel["is_member"]):
            raise SlackError("channel_not_found")
        return channel

    def postable_channel(self, channel_id: str, *, user_ids: bool = False) -> dict:
        channel = self.channel_for_app(channel_id, user_ids=user_ids)
        if not channel["is_member"]:
            raise SlackError("not_in_channel")
        return channel

    def find_message(self, channel_id: str, ts: str) -> tuple[dict, dict]:
        channel = self.channel_for_app(channel_id)
        for msg in self.messages.get(channel["id"], []):
            if msg["ts"] == ts:
                return channel, msg
        raise SlackError("message_not_found")

    # --- changes, and the events they produce -------------------------------------------------
    def store_message(self, channel: dict, msg: dict) -> dict:
        thread_ts = msg.get("thread_ts")
        parent = next((m for m in self.messages[channel["id"]] if m["ts"] == thread_ts), None)
        if parent is not None and parent is not msg:
            msg["parent_user_id"] = parent.get("user")
            parent.update(thread_ts=parent["ts"], reply_count=parent.get("reply_count", 0) + 1,
                          latest_reply=msg["ts"])
        self.messages[channel["id"]].append(msg)
        self._emit(channel, message_events.posted(channel, msg))
        self._changed()
        return msg

    def edit_message(self, channel: dict, msg: dict, changes: dict) -> None:
        before = dict(msg)
        msg.update(changes, edited={"user": self.bot_user_id, "ts": self._next_ts()})
        self._emit(channel, message_events.changed(channel, before, msg, msg["edited"]["ts"]))
        self._changed()

    def delete_message(self, channel: dict, msg: dict) -> None:
        self.messages[channel["id"]].remove(msg)
        self._emit(channel, message_events.deleted(channel, msg, self._next_ts()))
        self._changed()

    def _emit(self, channel: dict, event: dict) -> None:
        # Slack sends channel events only to apps in the channel.
        if self.events_to is not None and channel["is_member"]:
            self.events_to.emit(event)

    def _next_ts(self) -> str:
        """The posting time, as Slack's ts is (clients bound history reads by it), unique and increasing;
        with `ts_clock` (epoch seconds) the sandbox's own clock says when."""
        now_us = int(self.ts_clock() * 1_000_000) if self.ts_clock is not None else time.time_ns() // 1000
        self._last_ts_us = max(now_us, self._last_ts_us + 1)
        return f"{self._last_ts_us // 1_000_000}.{self._last_ts_us % 1_000_000:06d}"
