"""Reading a slash command's text (`/qms <subcommand> <rest>`) and handing it to its listener."""
from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import cache

from slack_bolt.kwargs_injection import Args


def subcommand_of(command: dict) -> str:
    return (command.get("text") or "").strip().partition(" ")[0].lower()


def rest_of(command: dict) -> str:
    """What follows the subcommand (for `/nc`, which has none, the whole text)."""
    text = (command.get("text") or "").strip()
    return text if command.get("command") == "/nc" else text.partition(" ")[2].strip()


def call_with(listener: Callable, args: Args) -> None:
    """Call a subcommand's listener with the arguments it names, as Bolt would: Bolt's own listener
    arguments, else the context's keys (sessions, workspace, ...). One lookup per name, no matchers."""
    listener(**{name: getattr(args, name) if hasattr(args, name) else args.context.get(name)
                for name in _names(listener)})


@cache
def _names(listener: Callable) -> tuple[str, ...]:
    return tuple(inspect.signature(listener).parameters)
