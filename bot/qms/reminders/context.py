"""The workspace settings a sweep runs with, handed to the sources through the session.

The sources keep the contract's signature (`reminders_due(session, *, team_id, now)`); those that need a
setting (stale_days, managers, working days) read it here, so a sweep and its sources agree on one set of
settings, environment defaults included.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot.qms.workspaces import WorkspaceSettings, current

_KEY = "trellis_reminder_settings"


def bind(session: Session, *, team_id: str, settings: WorkspaceSettings) -> None:
    session.info.setdefault(_KEY, {})[team_id] = settings


def settings_of(session: Session, *, team_id: str) -> WorkspaceSettings:
    """The settings bound by the sweep; outside a sweep, the stored ones (bot.qms.workspaces.current)."""
    bound = session.info.get(_KEY, {}).get(team_id)
    return bound if bound is not None else current(session, team_id=team_id)
