"""Which OAuth scopes each Web API method needs, and the ones the app was granted: a method called without
any of its scopes answers `missing_scope`, as Slack does, so a scope the manifest forgot fails a test.

`NEEDS` is Slack's Web API reference for the methods the fake serves (any one scope suffices; `chat:write`
is the granular bot scope that replaced `chat:write:bot`); a method needing none is absent. The granted
scopes are the manifest's bot scopes (app.yaml), or every scope here when the manifest is not shipped.
"""
from __future__ import annotations

import re
from pathlib import Path

from bot.sandbox.slack.app_home import MANIFEST

HISTORY = ("channels:history", "groups:history", "im:history", "mpim:history")
NEEDS: dict[str, tuple[str, ...]] = {
    "apps.connections.open": ("connections:write",),
    "chat.delete": ("chat:write",),
    "chat.postEphemeral": ("chat:write",),
    "chat.postMessage": ("chat:write",),
    "chat.update": ("chat:write",),
    "conversations.history": HISTORY,
    "conversations.info": ("channels:read", "groups:read", "im:read", "mpim:read"),
    "conversations.join": ("channels:join", "channels:write"),
    "conversations.open": ("im:write", "mpim:write", "channels:write", "groups:write"),
    "conversations.replies": HISTORY,
    "files.completeUploadExternal": ("files:write",),
    "files.getUploadURLExternal": ("files:write",),
    "users.info": ("users:read",),
}
APP_LEVEL = {"apps.connections.open"}  # granted to the app-level (xapp-) token, not listed among bot scopes


def granted_by_manifest(path: Path = MANIFEST) -> frozenset[str]:
    """The `oauth_config.scopes.bot` list of app.yaml (a line scan, like AppHome.from_manifest)."""
    try:
        text = path.read_text()
    except OSError:
        return frozenset(scope for scopes in NEEDS.values() for scope in scopes)
    block = re.search(r"^\s*bot:\s*\n((?:\s*(?:#.*|-\s*\S+)\s*\n)+)", text, re.MULTILINE)
    return frozenset(re.findall(r"^\s*-\s*(\S+)", block.group(1), re.MULTILINE)) if block else frozenset()


def missing(method: str, granted: frozenset[str]) -> tuple[str, ...]:
    """The scopes `method` would accept when none of them was granted; () when it may be called."""
    needs = NEEDS.get(method, ())
    if not needs or method in APP_LEVEL or granted.intersection(needs):
        return ()
    return needs
