"""What every listener is given, as keyword arguments Bolt injects from the context.

`sessions` (the session factory), `now` (the request's moment, from the app's clock)
and `workspace`: the request's workspace settings and whether the person is a
manager, each looked up once, when first needed. Nothing here holds a session open
around the listener.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.db import SessionFactory
from bot.qms import workspaces
from bot.slack import user_is_admin


class WorkspaceContext:
    """The workspace a request acts in and the person acting, for one request."""

    def __init__(self, team_id: str, user_id: str | None, *, sessions: SessionFactory,
                 defaults: workspaces.WorkspaceSettings, client: WebClient, now: datetime):
        self.team_id, self.user_id, self._sessions, self._defaults = team_id, user_id, sessions, defaults
        self._client, self._now = client, now

    @cached_property
    def settings(self) -> workspaces.WorkspaceSettings:
        with self._sessions.reads() as session:
            return workspaces.settings_for(session, team_id=self.team_id, defaults=self._defaults)

    @cached_property
    def is_manager(self) -> bool:
        """Named managers, or workspace admins and owners (asked of Slack only when needed)."""
        return bool(self.user_id) and (workspaces.is_manager(self.settings, self.user_id)
                                       or user_is_admin(self._client, self.user_id))

    @property
    def today(self) -> date:
        """Due dates are days in the company's timezone."""
        return self._now.astimezone(ZoneInfo(self.settings.timezone)).date()


def install(app: App, *, sessions: SessionFactory, defaults: workspaces.WorkspaceSettings,
            clock: Callable[[], datetime]) -> None:
    """Give every listener `sessions`, `now` and `workspace`."""

    @app.middleware
    def provide(context: BoltContext, next):  # noqa: A002 - Bolt passes it by this name
        now = clock()
        context["sessions"], context["now"] = sessions, now
        context["workspace"] = WorkspaceContext(context.team_id or "", context.user_id, sessions=sessions,
                                                defaults=defaults, client=context.client, now=now)
        next()
