"""Block Kit validation for the fake Slack server: blocks, messages (chat.*, response URLs) and
views (views.*). Every numeric limit comes from blockkit_limits.json, so a limit change is a
data change, not a code change (checker: blockkit_checker.py, elements: blockkit_elements.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.sandbox.slack import blockkit_elements as elements
from bot.sandbox.slack.blockkit_checker import LIMITS, MESSAGE_MAX_BLOCKS, MESSAGE_MAX_TEXT, VIEW_TYPES, Checker

__all__ = ["LIMITS", "MESSAGE_MAX_TEXT", "message_errors", "view_errors"]


def _section(c: Checker, b: dict, ptr: str) -> None:
    lim = LIMITS["section"]
    if "text" not in b and "fields" not in b:
        c.err(ptr, "must provide either text or fields")
    c.text(b.get("text"), f"{ptr}/text", lim["text"]["max_length"], required=False)
    fields = c.items(b.get("fields"), f"{ptr}/fields", {"max_items": lim["fields"]["max_items"]})
    for i, field in enumerate(fields):
        c.text(field, f"{ptr}/fields/{i}", lim["fields"]["item_max_length"])
    if "accessory" in b:
        elements.element(c, b["accessory"], f"{ptr}/accessory", elements.ACCESSORY_ELEMENTS)


def _header(c: Checker, b: dict, ptr: str) -> None:
    c.text(b.get("text"), f"{ptr}/text", LIMITS["header"]["text"]["max_length"], plain=True)


def _context(c: Checker, b: dict, ptr: str) -> None:
    limits = dict(LIMITS["context"]["elements"], min_items=1)
    for i, el in enumerate(c.items(b.get("elements"), f"{ptr}/elements", limits, required=True)):
        if isinstance(el, dict) and el.get("type") == "image":
            elements.image(c, el, f"{ptr}/elements/{i}")
        else:
            c.text(el, f"{ptr}/elements/{i}")


def _actions(c: Checker, b: dict, ptr: str) -> None:
    limits = dict(LIMITS["actions"]["elements"], min_items=1)
    seen: set[str] = set()
    for i, el in enumerate(c.items(b.get("elements"), f"{ptr}/elements", limits, required=True)):
        elements.element(c, el, f"{ptr}/elements/{i}", elements.ACTIONS_ELEMENTS)
        action_id = el.get("action_id") if isinstance(el, dict) else None
        if action_id is not None and action_id in seen:
            c.err(f"{ptr}/elements/{i}/action_id", f"duplicate action_id: {action_id}")
        seen.add(action_id)


def _input(c: Checker, b: dict, ptr: str) -> None:
    lim = LIMITS["input"]
    c.text(b.get("label"), f"{ptr}/label", lim["label"]["max_length"], plain=True)
    c.text(b.get("hint"), f"{ptr}/hint", lim["hint"]["max_length"], plain=True, required=False)
    if "element" not in b:
        return c.err(f"{ptr}/element", "missing required field")
    elements.element(c, b["element"], f"{ptr}/element", elements.INPUT_ELEMENTS)


def _image_block(c: Checker, b: dict, ptr: str) -> None:
    elements.image(c, b, ptr)
    c.text(b.get("title"), f"{ptr}/title", plain=True, required=False)


def _markdown(c: Checker, b: dict, ptr: str) -> None:
    c.length(b.get("text"), f"{ptr}/text", LIMITS["markdown"]["text"], required=True)


def _rich_text(c: Checker, b: dict, ptr: str) -> None:
    c.items(b.get("elements"), f"{ptr}/elements", {}, required=True)


BLOCKS: dict[str, Callable[[Checker, dict, str], None]] = {
    "section": _section, "header": _header, "context": _context, "actions": _actions,
    "divider": elements.no_extra, "input": _input, "image": _image_block, "markdown": _markdown,
    "rich_text": _rich_text,
}


def _blocks(c: Checker, blocks: Any, ptr: str, limits: dict, *, allow_input: bool) -> None:
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
    c = Checker()
    _blocks(c, blocks, "/blocks", {"max_items": MESSAGE_MAX_BLOCKS}, allow_input=False)
    return c.errors


def view_errors(view: Any) -> list[str]:
    """Problems with a modal / Home tab view (views.*)."""
    c = Checker()
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
