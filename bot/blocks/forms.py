"""Modal inputs and reading their submitted values (view.state.values)."""
from __future__ import annotations

from bot.blocks.text import plain


def modal(callback_id: str, title: str, blocks: list[dict], *, submit: str = "Save",
          private_metadata: str = "", close: str = "Cancel") -> dict:
    view = {"type": "modal", "callback_id": callback_id, "title": plain(title, 24),
            "close": plain(close, 24), "blocks": blocks, "private_metadata": private_metadata}
    if submit:
        view["submit"] = plain(submit, 24)
    return view


def input_block(block_id: str, label: str, element: dict, *, optional: bool = False, hint: str | None = None,
                dispatch: bool = False) -> dict:
    """`dispatch`: Slack sends a block action each time the value changes (dispatch_action)."""
    block = {"type": "input", "block_id": block_id, "label": plain(label, 2000),
             "element": {"action_id": block_id, **element}, "optional": optional}
    if dispatch:
        block["dispatch_action"] = True
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def text_input(initial: str | None = None, *, multiline: bool = False, max_length: int = 3000,
               placeholder: str | None = None) -> dict:
    element = {"type": "plain_text_input", "multiline": multiline, "max_length": max_length}
    if initial:
        element["initial_value"] = initial[:max_length]
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    return element


def option(text: str, value: str | None = None) -> dict:
    return {"text": plain(text, 75), "value": (value or text)[:150]}


def static_select(choices: list[tuple[str, str]], initial: str | None = None) -> dict:
    options = [option(label, value) for value, label in choices[:100]]
    element = {"type": "static_select", "options": options}
    chosen = [item for item in options if item["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def users_select(initial: list[str] | None = None, *, multi: bool = True) -> dict:
    if multi:
        element = {"type": "multi_users_select"}
        if initial:
            element["initial_users"] = list(initial)
        return element
    element = {"type": "users_select"}
    if initial:
        element["initial_user"] = initial[0]
    return element


def channel_select(initial: str | None = None) -> dict:
    element = {"type": "conversations_select", "filter": {"include": ["public", "private"],
                                                          "exclude_bot_users": True}}
    if initial:
        element["initial_conversation"] = initial
    return element


def channels_select(initial: list[str] | tuple[str, ...] = ()) -> dict:
    element = {"type": "multi_conversations_select", "filter": {"include": ["public", "private"],
                                                                "exclude_bot_users": True}}
    if initial:
        element["initial_conversations"] = list(initial)
    return element


def checkbox(label: str, value: str, checked: bool) -> dict:
    box = option(label, value)
    element = {"type": "checkboxes", "options": [box]}
    if checked:
        element["initial_options"] = [box]
    return element


def value_of(values: dict, block_id: str):
    """The submitted value of the input whose block_id and action_id are `block_id`."""
    state = (values.get(block_id) or {}).get(block_id) or {}
    kind = state.get("type")
    if kind in ("plain_text_input", "number_input", "url_text_input", "email_text_input"):
        return (state.get("value") or "").strip() or None
    if kind in ("static_select", "radio_buttons", "external_select"):
        return (state.get("selected_option") or {}).get("value")
    if kind == "checkboxes":
        return [item["value"] for item in state.get("selected_options") or []]
    if kind == "multi_users_select":
        return list(state.get("selected_users") or [])
    if kind == "users_select":
        return state.get("selected_user")
    if kind == "multi_conversations_select":
        return list(state.get("selected_conversations") or [])
    if kind == "conversations_select":
        return state.get("selected_conversation")
    if kind == "channels_select":
        return state.get("selected_channel")
    if kind == "datepicker":
        return state.get("selected_date")
    return state.get("value")
