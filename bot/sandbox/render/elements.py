"""Block elements as HTML controls: buttons (styles, confirm dialogs), selects of options, people and
conversations, date and time pickers, checkboxes, radio buttons, text inputs, overflow menus, images.

Each control carries `data-type`, `data-action-id` and `data-block-id`; the page's script reads
them to send Slack's block_actions payload, or the view's state when a modal is submitted.
"""
from __future__ import annotations

import json
from html import escape

from bot.sandbox.render.mrkdwn import plain_html, text_html
from bot.sandbox.render.viewer import Viewer


def attrs(**values) -> str:
    """HTML attributes, escaped; None and False are left out, True is a bare attribute."""
    out = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        out.append(name if value is True else f'{name}="{escape(str(value), quote=True)}"')
    return " ".join(out)


def element_html(element: dict, viewer: Viewer, *, block_id: str = "", dom_id: str = "") -> str:
    kind = element.get("type", "")
    draw = ELEMENTS.get(kind)
    if draw is None:
        return f'<span class="bk-unsupported">[{escape(kind)} is not drawn in the sandbox]</span>'
    common = {"data_type": kind, "data_action_id": element.get("action_id"), "data_block_id": block_id}
    return draw(element, viewer, common, dom_id or f"el-{block_id}-{element.get('action_id', '')}")


def _button(element, viewer, common, dom_id):
    style = element.get("style")
    confirm = element.get("confirm")
    label = text_html(element.get("text"), viewer)
    found = attrs(type="button", class_=" ".join(filter(None, ["bk-button", style])), data_value=element.get("value"),
                  data_url=element.get("url"), data_confirm=json.dumps(confirm) if confirm else None, **common)
    return f"<button {found}>{label}</button>"


def _options(element) -> list[tuple[str | None, list[dict]]]:
    """(group label, options): plain options are one group without a label."""
    if element.get("option_groups"):
        return [(group["label"]["text"], group.get("options", [])) for group in element["option_groups"]]
    return [(None, element.get("options", []))]


def _select_html(choices, chosen, placeholder, common, dom_id, *, groups=None) -> str:
    """A single choice: a <select>; the first entry says what to pick."""
    rows = [f'<option value="">{plain_html(placeholder or "Select an item")}</option>']
    for label, items in groups or [(None, choices)]:
        options = "".join(f'<option {attrs(value=value, selected=value == chosen)}>{text}</option>'
                          for value, text in items)
        rows.append(f'<optgroup label="{escape(label)}">{options}</optgroup>' if label else options)
    return f'<select {attrs(id=dom_id, class_="bk-select", **common)}>{"".join(rows)}</select>'


def _multi_html(choices, chosen, common, dom_id) -> str:
    """Several choices: a list of ticks (Slack's type-ahead, made clickable)."""
    rows = "".join(f'<label class="bk-choice"><input {attrs(type="checkbox", value=value, checked=value in chosen)}>'
                   f"<span>{text}</span></label>" for value, text in choices)
    return f'<div {attrs(id=dom_id, class_="bk-multi", role="group", **common)}>{rows}</div>'


def _static(element, viewer, common, dom_id):
    groups = [(label, [(o["value"], text_html(o["text"], viewer)) for o in items])
              for label, items in _options(element)]
    initial = element.get("initial_option") or {}
    placeholder = (element.get("placeholder") or {}).get("text")
    if element["type"].startswith("multi_"):
        chosen = {o["value"] for o in element.get("initial_options") or []}
        return _multi_html([pair for _, items in groups for pair in items], chosen, common, dom_id)
    return _select_html(None, initial.get("value"), placeholder, common, dom_id, groups=groups)


def _external(element, viewer, common, dom_id):
    """A type-ahead: what is typed asks the app for options (sandbox-actions.js, block_suggestion); the list
    holds the options it answered, each kept whole (`data-option`) as Slack sends the chosen one back."""
    initial = element.get("initial_option")
    placeholder = (element.get("placeholder") or {}).get("text") or "Type to search"
    chosen = (f'<option {attrs(value=initial["value"], selected=True, data_option=json.dumps(initial))}>'
              f'{text_html(initial["text"], viewer)}</option>') if initial else ""
    box = attrs(id=dom_id, class_="bk-external", data_min_query=element.get("min_query_length", 3), **common)
    return (f'<div {box}><input {attrs(class_="bk-input bk-typeahead", type="search", placeholder=placeholder)} '
            f'autocomplete="off"><select class="bk-select bk-suggested" size="4">{chosen}</select></div>')


def _people(element, viewer, common, dom_id):
    choices = [(user_id, escape(name)) for user_id, name in viewer.people]
    if element["type"] == "multi_users_select":
        return _multi_html(choices, set(element.get("initial_users") or []), common, dom_id)
    placeholder = (element.get("placeholder") or {}).get("text") or "Select a person"
    return _select_html(choices, element.get("initial_user"), placeholder, common, dom_id)


def _conversations(element, viewer, common, dom_id):
    choices = [(channel_id, escape(label)) for channel_id, label in viewer.conversations]
    key = "conversation" if "conversations" in element["type"] else "channel"
    if element["type"].startswith("multi_"):
        return _multi_html(choices, set(element.get(f"initial_{key}s") or []), common, dom_id)
    placeholder = (element.get("placeholder") or {}).get("text") or "Select a channel"
    return _select_html(choices, element.get(f"initial_{key}"), placeholder, common, dom_id)


def _ticks(element, viewer, common, dom_id):
    kind = "checkbox" if element["type"] == "checkboxes" else "radio"
    initial = element.get("initial_options") or ([element["initial_option"]] if element.get("initial_option") else [])
    chosen = {o["value"] for o in initial}
    rows = []
    for option in element.get("options", []):
        tick = attrs(type=kind, name=dom_id, value=option["value"], checked=option["value"] in chosen)
        description = option.get("description")
        small = f"<small>{text_html(description, viewer)}</small>" if description else ""
        rows.append(f'<label class="bk-choice"><input {tick}><span>{text_html(option["text"], viewer)}{small}</span>'
                    "</label>")
    return f'<div {attrs(id=dom_id, class_=f"bk-{kind}es", role="group", **common)}>{"".join(rows)}</div>'


INPUT_TYPES = {"number_input": "number", "email_text_input": "email", "url_text_input": "url",
               "datepicker": "date", "timepicker": "time"}


def _text(element, viewer, common, dom_id):
    placeholder = (element.get("placeholder") or {}).get("text")
    initial = element.get("initial_value") or element.get("initial_date") or element.get("initial_time") or ""
    limits = {"maxlength": element.get("max_length"), "minlength": element.get("min_length")}
    if element.get("multiline"):
        found = attrs(id=dom_id, class_="bk-input", rows=4, placeholder=placeholder, **limits, **common)
        return f"<textarea {found}>{escape(initial)}</textarea>"
    kind = INPUT_TYPES.get(element["type"], "text")
    found = attrs(id=dom_id, class_="bk-input", type=kind, value=initial, placeholder=placeholder,
                  **(limits if kind == "text" else {}), **common)
    return f"<input {found}>"


def _overflow(element, viewer, common, dom_id):
    choices = [(o["value"], text_html(o["text"], viewer)) for o in element.get("options", [])]
    return _select_html(choices, None, "⋯", common, dom_id)


def _image(element, viewer, common, dom_id):  # offline: not fetched; the alt text stands in
    return f'<span class="bk-image-el">{plain_html(element.get("alt_text", ""))}</span>'


ELEMENTS = {
    "button": _button,
    "static_select": _static, "multi_static_select": _static, "external_select": _external,
    "users_select": _people, "multi_users_select": _people,
    "conversations_select": _conversations, "multi_conversations_select": _conversations,
    "channels_select": _conversations, "multi_channels_select": _conversations,
    "checkboxes": _ticks, "radio_buttons": _ticks,
    "plain_text_input": _text, "number_input": _text, "email_text_input": _text, "url_text_input": _text,
    "datepicker": _text, "timepicker": _text,
    "overflow": _overflow, "image": _image,
}
