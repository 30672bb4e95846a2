"""The registry of Web API methods the fake answers, and the checks several of them share.

Each handler gets the FakeSlack (state) and the decoded arguments, after the server has
already checked auth, required arguments and ``one_of`` groups from its MethodSpec; it
returns the success payload (without ``ok``) or raises SlackError. The handlers live in
methods_*.py and history.py, one module per family.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.sandbox.slack import blockkit
from bot.sandbox.slack.replies import Reply, SlackError

if TYPE_CHECKING:
    from bot.sandbox.slack.server import FakeSlack

MESSAGE_CONTENT = ("text", "blocks", "attachments")


@dataclass(frozen=True)
class MethodSpec:
    handler: Callable[[FakeSlack, dict], dict]
    required: tuple[str, ...]
    one_of: tuple[str, ...] = ()             # at least one of these must be present ...
    one_of_error: str = "invalid_arguments"  # ... else Slack's specific error
    app_token: bool = False                  # apps.connections.open takes xapp-, the rest xoxb-


METHODS: dict[str, MethodSpec] = {}


def method(name: str, *required: str, one_of: tuple[str, ...] = (), one_of_error: str = "invalid_arguments",
           app_token: bool = False) -> Callable:
    def register(handler: Callable) -> Callable:
        METHODS[name] = MethodSpec(handler, required, one_of, one_of_error, app_token)
        return handler
    return register


def blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def pick(args: dict, *keys: str) -> dict:
    return {k: args[k] for k in keys if k in args}


def flag(args: dict, name: str) -> bool:
    """A boolean argument as Slack reads it from JSON or a form ("true", "1")."""
    return str(args.get(name, "")).lower() in ("1", "true")


def check_message(args: dict, status: int = 200) -> None:
    if len(str(args.get("text") or "")) > blockkit.MESSAGE_MAX_TEXT:
        raise SlackError("msg_too_long", status=status)
    blocks = args.get("blocks")
    if blank(blocks):
        return
    if not isinstance(blocks, list):
        raise SlackError("invalid_blocks_format", status=status)
    errors = blockkit.message_errors(blocks)
    if errors:
        raise SlackError("invalid_blocks", errors, status=status)


def check_view(view: Any) -> None:
    errors = blockkit.view_errors(view)
    if errors:  # views.* report block problems as invalid_arguments, unlike chat.*
        raise SlackError("invalid_arguments", errors)


def respond_via_url(args: dict) -> Reply:
    """A message sent to a response URL (its grant was checked by the server)."""
    if not args.get("delete_original") and all(blank(args.get(k)) for k in MESSAGE_CONTENT):
        raise SlackError("no_text", status=400)
    check_message(args, status=400)
    return Reply(200, {"ok": True})
