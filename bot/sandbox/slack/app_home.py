"""The App Home settings the fake honours, read from the project's Slack manifest (app.yaml).

Only the two Messages tab flags matter here: with the tab off or read-only, Slack shows a
person "Sending messages to this app has been turned off." instead of a composer, so they
cannot write in their DM with the app and no `message.im` event from them ever arrives.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

MANIFEST = Path(__file__).resolve().parents[3] / "app.yaml"


@dataclass(frozen=True)
class AppHome:
    messages_tab_enabled: bool = True
    messages_tab_read_only: bool = False

    @property
    def people_can_write(self) -> bool:
        return self.messages_tab_enabled and not self.messages_tab_read_only

    @classmethod
    def from_manifest(cls, path: Path = MANIFEST) -> AppHome:
        """The manifest's `features.app_home` flags; the defaults above when there is no manifest
        (an installed copy of Trellis ships without app.yaml). A line scan, not a YAML parser:
        the product does not depend on PyYAML and these keys are unique in the manifest."""
        try:
            text = path.read_text()
        except OSError:
            return cls()

        def flag(name: str, default: bool) -> bool:
            found = re.search(rf"^\s*{name}:\s*(true|false)\b", text, re.MULTILINE | re.IGNORECASE)
            return default if found is None else found.group(1).lower() == "true"

        return cls(messages_tab_enabled=flag("messages_tab_enabled", cls.messages_tab_enabled),
                   messages_tab_read_only=flag("messages_tab_read_only_enabled", cls.messages_tab_read_only))
