"""The Block Kit checker: limits (from blockkit_limits.json, a copy of Slack's published limits)
and the checks every element and block shares (lengths, item counts, text objects, options).

Errors are formatted the way Slack reports them in ``response_metadata.messages``:
``[ERROR] <what> [json-pointer:/blocks/0/text/text]``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

LIMITS: dict[str, Any] = json.loads(Path(__file__).with_name("blockkit_limits.json").read_text())

# Not part of blockkit-limits.json: Slack documents these on the chat.* / views.* pages.
MESSAGE_MAX_BLOCKS = 50
MESSAGE_MAX_TEXT = 40_000
VIEW_TYPES = ("modal", "home")
TEXT_TYPES = ("plain_text", "mrkdwn")
BUTTON_STYLES = ("primary", "danger")
PLACEHOLDER_MAX = LIMITS["select"]["placeholder"]["max_length"]


class Checker:
    """Accumulates every problem found (Slack reports several at once, so do we)."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def err(self, ptr: str, what: str) -> None:
        self.errors.append(f"[ERROR] {what} [json-pointer:{ptr}]")

    def length(self, value: Any, ptr: str, limits: dict, required: bool = False) -> None:
        if value is None:
            if required:
                self.err(ptr, "missing required field")
            return
        if not isinstance(value, str):
            return self.err(ptr, "must be a string")
        if len(value) > limits.get("max_length", len(value)):
            self.err(ptr, f"must be less than {limits['max_length'] + 1} characters")
        if len(value) < limits.get("min_length", 0):
            self.err(ptr, f"must be at least {limits['min_length']} characters")

    def items(self, value: Any, ptr: str, limits: dict, required: bool = False) -> list:
        if value is None:
            if required:
                self.err(ptr, "missing required field")
            return []
        if not isinstance(value, list):
            self.err(ptr, "must be an array")
            return []
        if len(value) > limits.get("max_items", len(value)):
            self.err(ptr, f"must provide no more than {limits['max_items']} items")
        if len(value) < limits.get("min_items", 0):
            self.err(ptr, f"must provide at least {limits['min_items']} items")
        return value

    def text(self, obj: Any, ptr: str, max_length: int | None = None, *, plain: bool = False,
             required: bool = True) -> None:
        if obj is None:
            if required:
                self.err(ptr, "missing required field")
            return
        if not isinstance(obj, dict):
            return self.err(ptr, "must be a text object")
        allowed = ("plain_text",) if plain else TEXT_TYPES
        if obj.get("type") not in allowed:
            self.err(f"{ptr}/type", f"must be one of: {', '.join(allowed)}")
        limits = dict(LIMITS["text"], **({"max_length": max_length} if max_length else {}))
        self.length(obj.get("text"), f"{ptr}/text", limits, required=True)

    def option(self, opt: Any, ptr: str, plain: bool = True) -> None:
        if not isinstance(opt, dict):
            return self.err(ptr, "must be an option object")
        lim = LIMITS["option"]
        self.text(opt.get("text"), f"{ptr}/text", lim["text"]["max_length"], plain=plain)
        self.length(opt.get("value"), f"{ptr}/value", lim["value"], required=True)
        self.text(opt.get("description"), f"{ptr}/description", lim["description"]["max_length"],
                  plain=plain, required=False)
        self.length(opt.get("url"), f"{ptr}/url", lim["url"])

    def options(self, el: dict, ptr: str, limits: dict, *, required: bool, plain: bool = True) -> None:
        for i, opt in enumerate(self.items(el.get("options"), f"{ptr}/options", limits, required)):
            self.option(opt, f"{ptr}/options/{i}", plain)
        if el.get("initial_option") is not None:
            self.option(el["initial_option"], f"{ptr}/initial_option", plain)
        for i, opt in enumerate(el.get("initial_options") or []):
            self.option(opt, f"{ptr}/initial_options/{i}", plain)

    def confirm(self, obj: Any, ptr: str) -> None:
        if obj is None:
            return
        lim = LIMITS["confirmation"]
        self.text(obj.get("title"), f"{ptr}/title", lim["title"]["max_length"], plain=True)
        self.text(obj.get("text"), f"{ptr}/text", lim["text"]["max_length"])
        self.text(obj.get("confirm"), f"{ptr}/confirm", lim["confirm"]["max_length"], plain=True)
        self.text(obj.get("deny"), f"{ptr}/deny", lim["deny"]["max_length"], plain=True)
        self.style(obj, ptr)

    def style(self, obj: dict, ptr: str) -> None:
        if "style" in obj and obj["style"] not in BUTTON_STYLES:
            self.err(f"{ptr}/style", f"must be one of: {', '.join(BUTTON_STYLES)}")

