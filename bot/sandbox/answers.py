"""Slack's side of an exchange with the app: what a person's click or form becomes in a payload
(the element's action, the view's state), and what Slack makes of the app's answer — a command's
reply shown, or Slack's own error when the app fails or is late."""
from __future__ import annotations

import json

from bot.sandbox.render.blocks import block_id_of
from bot.sandbox.slack import requests as sr
from bot.sandbox.slack.clients import TROUBLE
from bot.sandbox.slack.grants import Where
from bot.sandbox.slack.replies import SlackError
from bot.sandbox.slack.targets import Answer, Unreachable

MULTI = ("multi_users_select", "multi_static_select", "multi_conversations_select", "multi_channels_select",
         "checkboxes")


def command_failed(name: str, error: str) -> str:
    return f"{name} failed with the error \"{error}\""


def command_problem(name: str, answer: Answer) -> str | None:
    """Slack ignores an answer after 3 s, and any answer that is not a 200."""
    if answer.late:
        return command_failed(name, "operation_timeout")
    if answer.status_code != 200:
        return command_failed(name, "dispatch_failed")
    return None


def show_command_answer(fake, user: str, channel: str, answer: Answer) -> None:
    """A command's immediate answer: ephemeral unless it says in_channel (text or JSON, as Slack takes it)."""
    if not answer.content.strip():
        return
    try:
        body = json.loads(answer.content)
    except ValueError:
        body = {"text": answer.text}
    if isinstance(body, dict) and (body.get("text") or body.get("blocks")):
        fake.land_response(Where(user, channel), body)


def interaction(call) -> dict:
    """A click or shortcut: Slack shows its own error when the app does not answer 200 within 3 s."""
    try:
        answer = call()
    except Unreachable:
        return {"notice": TROUBLE}
    if answer.late or answer.status_code != 200:
        return {"notice": TROUBLE}
    return {}


def body_json(answer: Answer) -> dict | None:
    if not answer.content.strip():
        return None
    try:
        body = json.loads(answer.content)
    except ValueError:
        raise SlackError(TROUBLE) from None
    if not isinstance(body, dict):
        raise SlackError(TROUBLE)
    return body


def find_element(blocks: list[dict], block_id: str, action_id: str) -> dict:
    for index, block in enumerate(blocks):
        if block_id_of(block, index) != block_id:
            continue
        candidates = [*block.get("elements", []), block.get("accessory"), block.get("element")]
        for element in candidates:
            if isinstance(element, dict) and element.get("action_id") == action_id:
                return element
    raise LookupError(f"no element {action_id!r} in block {block_id!r}")


def _answer(element: dict, raw):
    """The page's raw value (text, or a list of values) as a plain answer for requests.element_state."""
    if element["type"] == "external_select" and isinstance(raw, dict):
        return raw  # the option the app's options answer gave, passed back whole as Slack does
    if element["type"] in MULTI:
        return [str(v) for v in raw] if isinstance(raw, list) else ([] if raw in (None, "") else [str(raw)])
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    return None if raw in (None, "") else str(raw)


def _state(element: dict, raw) -> dict:
    try:
        return sr.element_state(element, _answer(element, raw))
    except KeyError:  # a value the element does not offer: nothing chosen
        return sr.element_state(element, [] if element["type"] in MULTI else None)


def action_of(element: dict, block_id: str, raw=None) -> dict:
    """The `actions[0]` Slack sends for a click or a changed choice."""
    base = {"action_id": element.get("action_id"), "block_id": block_id}
    if element["type"] == "button":
        return {**base, "type": "button", "text": element.get("text"),
                **({"value": element["value"]} if "value" in element else {})}
    if element["type"] == "overflow":
        chosen = next((o for o in element.get("options", []) if o["value"] == raw), None)
        return {**base, "type": "overflow", "selected_option": chosen}
    return {**base, **_state(element, raw)}


def state_values(view: dict, raw: dict) -> dict:
    """`view.state.values` as Slack sends it: every input block, unanswered ones empty."""
    values = {}
    for index, block in enumerate(view.get("blocks", [])):
        if block.get("type") != "input" or not block.get("element"):
            continue
        element, block_id = block["element"], block_id_of(block, index)
        values[block_id] = {element["action_id"]: _state(element, raw.get(block_id))}
    return values
