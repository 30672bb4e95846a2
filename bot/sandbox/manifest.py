"""What the Slack app manifest (app.yaml) gives people in Slack: its slash commands, message shortcuts
(each message's menu) and global shortcuts (the lightning menu). The sandbox offers exactly these.

A line scan rather than a YAML parser (the product does not depend on PyYAML); the manifest ships
inside the package (bot/sandbox/app.yaml links to the project's own), so an installed Trellis has it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MANIFEST = Path(__file__).resolve().parent / "app.yaml"


@dataclass(frozen=True)
class Command:
    command: str
    description: str
    usage_hint: str


@dataclass(frozen=True)
class Shortcut:
    name: str
    kind: str  # message | global
    callback_id: str
    description: str


@dataclass(frozen=True)
class Surface:
    commands: tuple[Command, ...]
    shortcuts: tuple[Shortcut, ...]

    def command(self, name: str) -> Command | None:
        return next((c for c in self.commands if c.command == name), None)

    def shortcuts_of(self, kind: str) -> tuple[Shortcut, ...]:
        return tuple(s for s in self.shortcuts if s.kind == kind)


def _section(text: str, key: str) -> list[dict[str, str]]:
    """The list under `  key:` (features.slash_commands, features.shortcuts) as dicts of its scalars."""
    items: list[dict[str, str]] = []
    inside = None
    for line in text.splitlines():
        if re.match(rf"^(\s*){key}:\s*$", line):
            inside = len(line) - len(line.lstrip())
            continue
        if inside is None or not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        if indent <= inside:
            break
        entry = re.match(r"^\s*(-\s+)?([a-z_]+):\s*(.*)$", line)
        if entry:
            if entry.group(1) or not items:
                items.append({})
            items[-1][entry.group(2)] = entry.group(3).strip().strip('"')
    return items


@cache
def surface(path: Path = MANIFEST) -> Surface:
    try:
        text = path.read_text()
    except OSError:
        return Surface((), ())
    commands = tuple(Command(c.get("command", ""), c.get("description", ""), c.get("usage_hint", ""))
                     for c in _section(text, "slash_commands"))
    shortcuts = tuple(Shortcut(s.get("name", ""), s.get("type", ""), s.get("callback_id", ""),
                               s.get("description", "")) for s in _section(text, "shortcuts"))
    return Surface(commands, shortcuts)
