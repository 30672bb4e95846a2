"""Who is looking: whose names, channels and timezone the page shows text in."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass(frozen=True)
class Viewer:
    user_id: str = ""
    timezone: str = "UTC"
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    names: Mapping[str, str] = field(default_factory=dict)           # user id -> display name
    channels: Mapping[str, str] = field(default_factory=dict)        # channel id -> name
    people: tuple[tuple[str, str], ...] = ()                         # (user id, name) a users_select offers
    conversations: tuple[tuple[str, str], ...] = ()                  # (channel id, label) a conversations_select offers

    def name_of(self, user_id: str, fallback: str = "") -> str:
        return self.names.get(user_id) or fallback or user_id
