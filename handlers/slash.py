"""Reading a slash command's text: `/qms <subcommand> <rest>`."""
from __future__ import annotations

from collections.abc import Callable


def subcommand_of(command: dict) -> str:
    return (command.get("text") or "").strip().partition(" ")[0].lower()


def rest_of(command: dict) -> str:
    """What follows the subcommand (for `/nc`, which has none, the whole text)."""
    text = (command.get("text") or "").strip()
    return text if command.get("command") == "/nc" else text.partition(" ")[2].strip()


def subcommand(*names: str) -> Callable[[dict], bool]:
    """A Bolt matcher: this `/qms` listener answers these subcommands."""
    return lambda command: subcommand_of(command) in names
