"""What listeners and jobs need, built once at start-up and handed around explicitly."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.qms.workspaces import WorkspaceSettings
from models.types import utcnow


@dataclass
class Services:
    settings: Settings
    session_factory: sessionmaker[Session]
    clock: Callable[[], datetime] = field(default=utcnow)

    @property
    def defaults(self) -> WorkspaceSettings:
        s = self.settings
        return WorkspaceSettings(
            quality_channel=s.trellis_quality_channel, digest_channel=s.trellis_digest_channel,
            managers=tuple(s.trellis_managers), timezone=s.trellis_timezone,
            digest_schedule=s.trellis_digest_schedule, stale_days=s.trellis_stale_days,
        )

    def now(self) -> datetime:
        return self.clock()
