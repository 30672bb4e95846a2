"""Each workspace's settings, read from the database at most once per `fresh_for` per process.

Every listener needs them, so they are cached; a save in this process (bot.qms.workspaces
flags its session) forgets the workspace's entry when that transaction commits. Another
instance sees a change within `fresh_for`.
"""
from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

from bot.db import SessionFactory
from bot.qms import workspaces
from bot.qms.workspaces.records import CHANGED_FLAG


class SettingsCache:
    def __init__(self, sessions: SessionFactory, defaults: workspaces.WorkspaceSettings, *,
                 fresh_for: float = 30.0, clock: Callable[[], float] = time.monotonic):
        self.sessions, self.defaults, self.fresh_for, self.clock = sessions, defaults, fresh_for, clock
        self._entries: dict[str, tuple[float, workspaces.WorkspaceSettings]] = {}
        self._lock = threading.Lock()
        # Through a weak reference: SQLAlchemy keeps a session factory's listeners with its Session class,
        # and a listener holding this cache (and so the factory and its engine) kept every engine a process
        # ever made alive (the test suite's heap grew by an engine per test, and with it the GC's pauses).
        cache = weakref.ref(self)

        def after_commit(session: Session) -> None:
            alive = cache()
            if alive is not None:
                alive._after_commit(session)

        event.listen(sessions, "after_commit", after_commit)

    def __call__(self, team_id: str) -> workspaces.WorkspaceSettings:
        entry = self._entries.get(team_id)
        if entry and self.clock() - entry[0] < self.fresh_for:
            return entry[1]
        with self.sessions.reads() as session:
            current = workspaces.settings_for(session, team_id=team_id, defaults=self.defaults)
        with self._lock:
            self._entries[team_id] = (self.clock(), current)
        return current

    def forget(self, team_id: str) -> None:
        with self._lock:
            self._entries.pop(team_id, None)

    def _after_commit(self, session: Session) -> None:
        for team_id in session.info.pop(CHANGED_FLAG, ()):
            self.forget(team_id)
