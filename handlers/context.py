"""What every listener is given, as keyword arguments Bolt injects from the context.

`sessions` (the session factory), `now` (the request's moment, from the app's clock),
`directory` (what Slack says about people and conversations, cached) and `workspace`:
the request's workspace settings and whether the person is a manager, each looked up
once, when first needed, from caches. Nothing here holds a session open around the
listener.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.db import SessionFactory
from bot.directory import Directory
from bot.qms import workspaces
from bot.qms.text import storable_payload

ADMIN_CHECK_WAIT = 1.0  # seconds a listener waits for users.info when it must know (a trigger lives 3 s)


class WorkspaceContext:
    """The workspace a request acts in and the person acting, for one request."""

    def __init__(self, team_id: str, user_id: str | None, *,
                 settings: Callable[[str], workspaces.WorkspaceSettings], directory: Directory, now: datetime):
        self.team_id, self.user_id, self.now = team_id, user_id, now
        self._settings_of, self._directory = settings, directory

    @cached_property
    def settings(self) -> workspaces.WorkspaceSettings:
        return self._settings_of(self.team_id)

    @cached_property
    def manager(self) -> bool | None:
        """Named managers, or workspace admins and owners; None when Slack could not say in time."""
        if not self.user_id:
            return False
        if workspaces.is_manager(self.settings, self.user_id):
            return True
        facts = self._directory.user(self.team_id, self.user_id, wait=ADMIN_CHECK_WAIT)
        return None if facts is None else facts.is_admin and not facts.deleted

    @property
    def is_manager(self) -> bool:
        return self.manager is True

    @property
    def today(self) -> date:
        """Due dates are days in the company's timezone."""
        return self.now.astimezone(ZoneInfo(self.settings.timezone)).date()


class Provide(Middleware):
    """Gives every listener `sessions`, `now`, `directory` and `workspace`. A Middleware subclass, not a
    function: Bolt calls it without inspecting arguments, on every request."""

    def __init__(self, *, sessions: SessionFactory, settings: Callable[[str], workspaces.WorkspaceSettings],
                 directory: Directory, clock: Callable[[], datetime]):
        self.sessions, self.settings, self.directory, self.clock = sessions, settings, directory, clock

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]):  # noqa: A002
        storable_payload(req.body)  # at the boundary, once: NUL and lone surrogates become U+FFFD
        context, now = req.context, self.clock()
        context["sessions"], context["now"], context["directory"] = self.sessions, now, self.directory
        context["workspace"] = WorkspaceContext(context.team_id or "", context.user_id, settings=self.settings,
                                                directory=self.directory, now=now)
        return next()


def install(app: App, **services) -> None:
    """Give every listener `sessions`, `now`, `directory` and `workspace` (see Provide)."""
    app.middleware(Provide(**services))
