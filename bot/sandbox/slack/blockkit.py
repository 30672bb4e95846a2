"""Block Kit validation for the fake Slack server.

Every numeric limit comes from blockkit_limits.json (a copy of Slack's published
limits), so a limit change is a data change, not a code change.  Errors are
formatted the way Slack reports them in ``response_metadata.messages``:
``[ERROR] <what> [json-pointer:/blocks/0/text/text]``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
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
STATIC_SELECTS = {"static_select", "multi_static_select"}
PICKERS = {"users_select", "multi_users_select", "conversations_select", "multi_conversations_select",
           "channels_select", "multi_channels_select", "external_select", "multi_external_select"}
PATTERNS = {"initial_date": r"\d{4}-\d{2}-\d{2}", "initial_time": r"\d{2}:\d{2}"}


class _Checker:
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


# --- elements -------------------------------------------------------------------------------

def _button(c: _Checker, el: dict, ptr: str) -> None:
    lim = LIMITS["button"]
    c.text(el.get("text"), f"{ptr}/text", lim["text"]["max_length"], plain=True)
    for key in ("value", "url", "accessibility_label"):
        c.length(el.get(key), f"{ptr}/{key}", lim[key])
    c.style(el, ptr)


def _select(c: _Checker, el: dict, ptr: str) -> None:
    if el["type"] in STATIC_SELECTS:
        if "options" not in el and "option_groups" not in el:
            c.err(ptr, "must provide either options or option_groups")
        c.options(el, ptr, LIMITS["select"]["options"], required=False)
        groups = c.items(el.get("option_groups"), f"{ptr}/option_groups", LIMITS["select"]["option_groups"])
        for i, group in enumerate(groups):
            gptr = f"{ptr}/option_groups/{i}"
            c.text(group.get("label"), f"{gptr}/label", LIMITS["option_group"]["label"]["max_length"], plain=True)
            c.options(group, gptr, LIMITS["option_group"]["options"], required=True)
    elif el.get("initial_option") is not None:
        c.option(el["initial_option"], f"{ptr}/initial_option")
    if "max_selected_items" in el and not (isinstance(el["max_selected_items"], int) and el["max_selected_items"] >= 1):
        c.err(f"{ptr}/max_selected_items", "must be an integer >= 1")


def _plain_text_input(c: _Checker, el: dict, ptr: str) -> None:
    cap = LIMITS["plain_text_input"]["max_length"]["max"]
    for key in ("min_length", "max_length"):
        if key in el and not (isinstance(el[key], int) and 0 <= el[key] <= cap):
            c.err(f"{ptr}/{key}", f"must be an integer between 0 and {cap}")
    c.length(el.get("initial_value"), f"{ptr}/initial_value", {"max_length": el.get("max_length") or cap})


def _choices(c: _Checker, el: dict, ptr: str) -> None:  # checkboxes, radio_buttons, overflow
    plain = el["type"] == "overflow"  # checkbox/radio option labels may be mrkdwn
    c.options(el, ptr, LIMITS[el["type"]]["options"], required=True, plain=plain)


def _image(c: _Checker, el: dict, ptr: str) -> None:
    lim = LIMITS["image"]
    if "image_url" not in el and "slack_file" not in el:
        c.err(ptr, "must provide either image_url or slack_file")
    c.length(el.get("image_url"), f"{ptr}/image_url", lim["image_url"])
    c.length(el.get("alt_text"), f"{ptr}/alt_text", lim["alt_text"], required=True)


def _no_extra(c: _Checker, el: dict, ptr: str) -> None:  # pickers and inputs with only common fields
    pass


ELEMENTS: dict[str, Callable[[_Checker, dict, str], None]] = {
    "button": _button, "plain_text_input": _plain_text_input, "image": _image,
    "checkboxes": _choices, "radio_buttons": _choices, "overflow": _choices,
    **{t: _select for t in STATIC_SELECTS | PICKERS},
    **{t: _no_extra for t in ("datepicker", "timepicker", "number_input", "email_text_input", "url_text_input")},
}
_INTERACTIVE = set(ELEMENTS) - {"image", "plain_text_input", "number_input", "email_text_input", "url_text_input"}
ACTIONS_ELEMENTS = _INTERACTIVE
ACCESSORY_ELEMENTS = _INTERACTIVE | {"image"}
INPUT_ELEMENTS = set(ELEMENTS) - {"button", "overflow", "image"}


def _element(c: _Checker, el: Any, ptr: str, allowed: set[str]) -> None:
    if not isinstance(el, dict):
        return c.err(ptr, "must be an element object")
    etype = el.get("type")
    if etype not in allowed:
        return c.err(f"{ptr}/type", f"unsupported element type here: {etype}")
    c.length(el.get("action_id"), f"{ptr}/action_id", LIMITS["action_id"])
    c.text(el.get("placeholder"), f"{ptr}/placeholder", PLACEHOLDER_MAX, plain=True, required=False)
    c.confirm(el.get("confirm"), f"{ptr}/confirm")
    for key, pattern in PATTERNS.items():
        if key in el and not re.fullmatch(pattern, str(el[key])):
            c.err(f"{ptr}/{key}", f"must match {pattern}")
    ELEMENTS[etype](c, el, ptr)


# --- blocks ---------------------------------------------------------------------------------

def _section(c: _Checker, b: dict, ptr: str) -> None:
    lim = LIMITS["section"]
    if "text" not in b and "fields" not in b:
        c.err(ptr, "must provide either text or fields")
    c.text(b.get("text"), f"{ptr}/text", lim["text"]["max_length"], required=False)
    fields = c.items(b.get("fields"), f"{ptr}/fields", {"max_items": lim["fields"]["max_items"]})
    for i, field in enumerate(fields):
        c.text(field, f"{ptr}/fields/{i}", lim["fields"]["item_max_length"])
    if "accessory" in b:
        _element(c, b["accessory"], f"{ptr}/accessory", ACCESSORY_ELEMENTS)


def _header(c: _Checker, b: dict, ptr: str) -> None:
    c.text(b.get("text"), f"{ptr}/text", LIMITS["header"]["text"]["max_length"], plain=True)


def _context(c: _Checker, b: dict, ptr: str) -> None:
    limits = dict(LIMITS["context"]["elements"], min_items=1)
    for i, el in enumerate(c.items(b.get("elements"), f"{ptr}/elements", limits, required=True)):
        if isinstance(el, dict) and el.get("type") == "image":
            _image(c, el, f"{ptr}/elements/{i}")
        else:
            c.text(el, f"{ptr}/elements/{i}")


def _actions(c: _Checker, b: dict, ptr: str) -> None:
    limits = dict(LIMITS["actions"]["elements"], min_items=1)
    seen: set[str] = set()
    for i, el in enumerate(c.items(b.get("elements"), f"{ptr}/elements", limits, required=True)):
        _element(c, el, f"{ptr}/elements/{i}", ACTIONS_ELEMENTS)
        action_id = el.get("action_id") if isinstance(el, dict) else None
        if action_id is not None and action_id in seen:
            c.err(f"{ptr}/elements/{i}/action_id", f"duplicate action_id: {action_id}")
        seen.add(action_id)


def _input(c: _Checker, b: dict, ptr: str) -> None:
    lim = LIMITS["input"]
    c.text(b.get("label"), f"{ptr}/label", lim["label"]["max_length"], plain=True)
    c.text(b.get("hint"), f"{ptr}/hint", lim["hint"]["max_length"], plain=True, required=False)
    if "element" not in b:
        return c.err(f"{ptr}/element", "missing required field")
    _element(c, b["element"], f"{ptr}/element", INPUT_ELEMENTS)


def _image_block(c: _Checker, b: dict, ptr: str) -> None:
    _image(c, b, ptr)
    c.text(b.get("title"), f"{ptr}/title", plain=True, required=False)


def _markdown(c: _Checker, b: dict, ptr: str) -> None:
    c.length(b.get("text"), f"{ptr}/text", LIMITS["markdown"]["text"], required=True)


def _rich_text(c: _Checker, b: dict, ptr: str) -> None:
    c.items(b.get("elements"), f"{ptr}/elements", {}, required=True)


BLOCKS: dict[str, Callable[[_Checker, dict, str], None]] = {
    "section": _section, "header": _header, "context": _context, "actions": _actions,
    "divider": _no_extra, "input": _input, "image": _image_block, "markdown": _markdown,
    "rich_text": _rich_text,
}


def _blocks(c: _Checker, blocks: Any, ptr: str, limits: dict, *, allow_input: bool) -> None:
    seen: set[str] = set()
    for i, block in enumerate(c.items(blocks, ptr, limits, required=True)):
        bptr = f"{ptr}/{i}"
        if not isinstance(block, dict):
            c.err(bptr, "must be a block object")
            continue
        block_id = block.get("block_id")
        c.length(block_id, f"{bptr}/block_id", LIMITS["block_id"])
        if block_id is not None and block_id in seen:
            c.err(f"{bptr}/block_id", f"duplicate block_id: {block_id}")
        seen.add(block_id)
        btype = block.get("type")
        if btype not in BLOCKS:
            c.err(f"{bptr}/type", f"unsupported block type: {btype}")
        elif btype == "input" and not allow_input:
            c.err(f"{bptr}/type", "input blocks are only allowed in modals and Home tabs")
        else:
            BLOCKS[btype](c, block, bptr)


def message_errors(blocks: Any) -> list[str]:
    """Problems with the ``blocks`` of a message (chat.*, response_url)."""
    c = _Checker()
    _blocks(c, blocks, "/blocks", {"max_items": MESSAGE_MAX_BLOCKS}, allow_input=False)
    return c.errors


def view_errors(view: Any) -> list[str]:
    """Problems with a modal / Home tab view (views.*)."""
    c = _Checker()
    if not isinstance(view, dict):
        c.err("/view", "must be a view object")
        return c.errors
    lim, is_modal = LIMITS["view"], view.get("type") == "modal"
    if view.get("type") not in VIEW_TYPES:
        c.err("/view/type", f"must be one of: {', '.join(VIEW_TYPES)}")
    _blocks(c, view.get("blocks"), "/view/blocks", lim["blocks"], allow_input=True)
    c.text(view.get("title"), "/view/title", lim["title"]["max_length"], plain=True, required=is_modal)
    for key in ("submit", "close"):
        c.text(view.get(key), f"/view/{key}", lim[key]["max_length"], plain=True, required=False)
    has_inputs = any(isinstance(b, dict) and b.get("type") == "input" for b in view.get("blocks") or [])
    if is_modal and has_inputs and view.get("submit") is None:
        c.err("/view/submit", "must provide submit when the view contains input blocks")
    for key in ("private_metadata", "callback_id"):
        c.length(view.get(key), f"/view/{key}", lim[key])
    return c.errors
