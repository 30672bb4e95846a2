"""Block Kit elements: buttons, selects, inputs, choices, images, and where each may appear."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.sandbox.slack.blockkit_checker import LIMITS, PLACEHOLDER_MAX, Checker

STATIC_SELECTS = {"static_select", "multi_static_select"}
PICKERS = {"users_select", "multi_users_select", "conversations_select", "multi_conversations_select",
           "channels_select", "multi_channels_select", "external_select", "multi_external_select"}
PATTERNS = {"initial_date": r"\d{4}-\d{2}-\d{2}", "initial_time": r"\d{2}:\d{2}"}


def _button(c: Checker, el: dict, ptr: str) -> None:
    lim = LIMITS["button"]
    c.text(el.get("text"), f"{ptr}/text", lim["text"]["max_length"], plain=True)
    for key in ("value", "url", "accessibility_label"):
        c.length(el.get(key), f"{ptr}/{key}", lim[key])
    c.style(el, ptr)


def _select(c: Checker, el: dict, ptr: str) -> None:
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


def _plain_text_input(c: Checker, el: dict, ptr: str) -> None:
    cap = LIMITS["plain_text_input"]["max_length"]["max"]
    for key in ("min_length", "max_length"):
        if key in el and not (isinstance(el[key], int) and 0 <= el[key] <= cap):
            c.err(f"{ptr}/{key}", f"must be an integer between 0 and {cap}")
    c.length(el.get("initial_value"), f"{ptr}/initial_value", {"max_length": el.get("max_length") or cap})


def _choices(c: Checker, el: dict, ptr: str) -> None:  # checkboxes, radio_buttons, overflow
    plain = el["type"] == "overflow"  # checkbox/radio option labels may be mrkdwn
    c.options(el, ptr, LIMITS[el["type"]]["options"], required=True, plain=plain)


def image(c: Checker, el: dict, ptr: str) -> None:
    lim = LIMITS["image"]
    if "image_url" not in el and "slack_file" not in el:
        c.err(ptr, "must provide either image_url or slack_file")
    c.length(el.get("image_url"), f"{ptr}/image_url", lim["image_url"])
    c.length(el.get("alt_text"), f"{ptr}/alt_text", lim["alt_text"], required=True)


def no_extra(c: Checker, el: dict, ptr: str) -> None:  # pickers and inputs with only common fields
    pass


ELEMENTS: dict[str, Callable[[Checker, dict, str], None]] = {
    "button": _button, "plain_text_input": _plain_text_input, "image": image,
    "checkboxes": _choices, "radio_buttons": _choices, "overflow": _choices,
    **{t: _select for t in STATIC_SELECTS | PICKERS},
    **{t: no_extra for t in ("datepicker", "timepicker", "number_input", "email_text_input", "url_text_input")},
}
_INTERACTIVE = set(ELEMENTS) - {"image", "plain_text_input", "number_input", "email_text_input", "url_text_input"}
ACTIONS_ELEMENTS = _INTERACTIVE
ACCESSORY_ELEMENTS = _INTERACTIVE | {"image"}
INPUT_ELEMENTS = set(ELEMENTS) - {"button", "overflow", "image"}


def element(c: Checker, el: Any, ptr: str, allowed: set[str]) -> None:
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

