"""The reminder sweep as a job: every workspace, one transaction each (the 15-minute scheduler job,
`trellis remind` and the sandbox's "Run reminders now" all call `ReminderJob.run`).

Slack is never asked anything inside the sweep's transaction: after it commits, the people it considered
whose timezone is unknown or more than a day old are looked up in the background (bot.directory), so the
next sweep reminds them in their own working hours.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from bot.db import SessionFactory
from bot.directory import Directory
from bot.messages.reminders import remind
from bot.qms import audit, workspaces
from models import Workspace
from models.types import utcnow

log = logging.getLogger("trellis.reminders")


class UnknownTeam(LookupError):
    """No workspace with that team id has used Trellis here."""


class ReminderJob:
    def __init__(self, sessions: SessionFactory, defaults: workspaces.WorkspaceSettings, *,
                 directory: Directory | None = None, clock: Callable[[], datetime] = utcnow):
        self.sessions, self.defaults, self.directory, self.clock = sessions, defaults, directory, clock

    def teams(self) -> list[str]:
        with self.sessions() as session:
            return sorted(set(audit.team_ids(session)) | set(session.scalars(select(Workspace.team_id))))

    def run(self, now: datetime | None = None, *, team_id: str | None = None) -> dict[str, int]:
        """Sweep `team_id` (default: every workspace); team -> reminder DMs queued. A workspace that fails is
        logged and the others still swept; the scheduler's thread never sees an exception."""
        now = now or self.clock()
        teams = self.teams()
        if team_id is not None and team_id not in teams:
            raise UnknownTeam(team_id)
        queued = {}
        for team in [team_id] if team_id else teams:
            seen: set[str] = set()
            try:
                with self.sessions.begin() as session:
                    workspaces.use_defaults(session, self.defaults)  # for sources that read settings themselves
                    settings = workspaces.settings_for(session, team_id=team, defaults=self.defaults)
                    queued[team] = len(remind(session, team_id=team, settings=settings, now=now, seen=seen))
            except Exception:  # one workspace's trouble never stops the others' reminders
                log.exception("reminders: sweep of %s failed", team)
                continue
            self._warm(team, seen)
        return queued

    def __call__(self, now: datetime | None = None) -> dict[str, int]:
        return self.run(now)

    def _warm(self, team_id: str, people: set[str]) -> None:
        """Ask Slack (in the background, after commit) about people not known or known for over a day."""
        if self.directory is None or not people:
            return
        try:
            self.directory.users(team_id, sorted(people), wait=0)
        except Exception:  # a cache refresh is best effort; the workspace timezone stands in meanwhile
            log.exception("reminders: could not refresh people of %s", team_id)
