"""Build and sign the requests Slack sends *to* the app (slash commands, interactions, events).

Shapes follow the real payloads in Slack's reference set (payloads/*.json of the shared
Slack data); the conformance test checks the top-level keys still match.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from copy import deepcopy
from secrets import token_hex
from typing import Any
from urllib.parse import urlencode

VERIFICATION_TOKEN = "verification_token"  # deprecated by Slack, still sent in every payload
TEAM_DOMAIN = "trellis-test"
APP_ID = "A111"


def signed_headers(body: str, secret: str, timestamp: int | None = None) -> dict:
    """Slack's v0 request signature; add the Content-Type yourself (form or JSON)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def _trigger_id() -> str:
    """Well-formed but not issued by FakeSlack: views.open with it fails with invalid_trigger_id."""
    return f"0.{int(time.time())}.{token_hex(8)}"


def _team(team_id: str) -> dict:
    return {"id": team_id, "domain": TEAM_DOMAIN}


def _user(user_id: str, team_id: str) -> dict:
    name = user_id.removeprefix("U_").lower()
    return {"id": user_id, "username": name, "name": name, "team_id": team_id}


def slash_command_body(*, command: str = "/qms", text: str = "", user_id: str = "U_ALICE", team_id: str = "T111",
                       channel_id: str = "C_GENERAL", trigger_id: str, response_url: str,
                       user_name: str = "alice", channel_name: str = "general", enterprise_id: str | None = None,
                       enterprise_name: str | None = None) -> str:
    """Form body with the same fields, in the same order, as a real slash command.

    The Enterprise Grid fields are only sent when given (Trellis lives in a plain workspace).
    """
    fields = {
        "token": VERIFICATION_TOKEN, "team_id": team_id, "team_domain": TEAM_DOMAIN, "channel_id": channel_id,
        "channel_name": channel_name, "user_id": user_id, "user_name": user_name, "command": command,
        "text": text, "enterprise_id": enterprise_id, "enterprise_name": enterprise_name,
        "response_url": response_url, "trigger_id": trigger_id,
    }
    return urlencode({k: v for k, v in fields.items() if v is not None})


def interactive_body(payload: dict) -> str:
    """Interactivity requests are a form with a single JSON-encoded ``payload`` field."""
    return urlencode({"payload": json.dumps(payload)})


def block_actions_payload(*, action_id: str, value: str | None = None, user_id: str, team_id: str = "T111",
                          channel_id: str, message_ts: str, trigger_id: str, response_url: str,
                          block_id: str = "b", message: dict | None = None, action_type: str = "button",
                          selected_option: dict | None = None, extra: dict | None = None) -> dict:
    """A click on a message's interactive element; ``extra`` adds e.g. ``selected_user`` to the action."""
    action: dict[str, Any] = {"action_id": action_id, "block_id": block_id, "type": action_type,
                              "action_ts": f"{time.time():.6f}"}
    if action_type == "button":
        action["text"] = {"type": "plain_text", "text": "Button", "emoji": True}
    if value is not None:
        action["value"] = value
    if selected_option is not None:
        action["selected_option"] = selected_option
    action.update(extra or {})
    return {
        "type": "block_actions", "user": _user(user_id, team_id), "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel_id, "is_ephemeral": False},
        "trigger_id": trigger_id, "team": _team(team_id), "enterprise": None, "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": channel_id.lower()},
        "message": message if message is not None else {"type": "message", "ts": message_ts, "text": ""},
        "state": {"values": {}}, "response_url": response_url, "actions": [action],
    }


def view_block_actions_payload(*, view: dict, action: dict, user_id: str, team_id: str = "T111",
                               trigger_id: str) -> dict:
    """A block action inside a view (a modal's dispatch_action input, a Home tab button): Slack sends
    the view as it is, its state included, and no response URL."""
    return {
        "type": "block_actions", "user": _user(user_id, team_id), "api_app_id": APP_ID, "token": VERIFICATION_TOKEN,
        "container": {"type": "view", "view_id": view.get("id")}, "trigger_id": trigger_id, "team": _team(team_id),
        "enterprise": None, "is_enterprise_install": False, "view": deepcopy(view),
        "actions": [{"action_ts": f"{time.time():.6f}", **action}],
    }


def block_suggestion_payload(*, view: dict, action_id: str, block_id: str, value: str, user_id: str,
                             team_id: str = "T111") -> dict:
    """An external select asking the app for its options as the person types (`value`)."""
    return {
        "type": "block_suggestion", "user": _user(user_id, team_id), "container": {"type": "view",
                                                                                  "view_id": view.get("id")},
        "api_app_id": APP_ID, "token": VERIFICATION_TOKEN, "action_id": action_id, "block_id": block_id,
        "value": value, "team": _team(team_id), "enterprise": None, "is_enterprise_install": False,
        "view": deepcopy(view),
    }


def view_submission_payload(*, view: dict, values: dict, user_id: str, team_id: str = "T111",
                            view_id: str | None = None, view_hash: str | None = None, trigger_id: str | None = None,
                            private_metadata: str | None = None) -> dict:
    """``view`` is what the app opened (e.g. ``fake.views[id]``); id/hash default to the view's own.

    Pass ``trigger_id=fake.new_trigger_id()`` if the handler opens/pushes another view with it.
    """
    submitted = {
        "id": "V123", "team_id": team_id, "type": "modal", "blocks": [], "private_metadata": "", "callback_id": "",
        "hash": "1.abc", "title": None, "clear_on_close": False, "notify_on_close": False, "close": None,
        "submit": None, "previous_view_id": None, "app_id": APP_ID, "external_id": "",
        "app_installed_team_id": team_id, "bot_id": "B111", **deepcopy(view), "state": {"values": values},
    }
    submitted["id"] = view_id or submitted["id"]
    submitted["hash"] = view_hash or submitted["hash"]
    submitted.setdefault("root_view_id", submitted["id"])
    if private_metadata is not None:
        submitted["private_metadata"] = private_metadata
    return {
        "type": "view_submission", "team": _team(team_id), "user": _user(user_id, team_id), "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN, "trigger_id": trigger_id or _trigger_id(), "view": submitted,
        "response_urls": [], "is_enterprise_install": False, "enterprise": None,
    }


def global_shortcut_payload(*, callback_id: str, user_id: str, team_id: str = "T111", trigger_id: str) -> dict:
    return {
        "type": "shortcut", "token": VERIFICATION_TOKEN, "action_ts": f"{time.time():.6f}", "team": _team(team_id),
        "user": {"id": user_id, "username": user_id.removeprefix("U_").lower(), "team_id": team_id},
        "is_enterprise_install": False, "enterprise": None, "callback_id": callback_id, "trigger_id": trigger_id,
    }


def message_shortcut_payload(*, callback_id: str, user_id: str, team_id: str = "T111", channel_id: str,
                             message: dict, trigger_id: str, response_url: str) -> dict:
    return {
        "type": "message_action", "token": VERIFICATION_TOKEN, "action_ts": f"{time.time():.6f}",
        "team": _team(team_id), "user": {"id": user_id, "name": user_id.removeprefix("U_").lower()},
        "channel": {"id": channel_id, "name": channel_id.lower()}, "is_enterprise_install": False,
        "enterprise": None, "callback_id": callback_id, "trigger_id": trigger_id,
        "message_ts": message["ts"], "message": message, "response_url": response_url,
    }


def event_body(event: dict, *, team_id: str = "T111", event_id: str | None = None, api_app_id: str = APP_ID,
               bot_user_id: str = "UBOT") -> dict:
    """Events API ``event_callback`` envelope (JSON body)."""
    now = time.time()
    return {
        "token": VERIFICATION_TOKEN, "team_id": team_id, "api_app_id": api_app_id,
        "event": {"event_ts": f"{now:.6f}", **event}, "type": "event_callback",
        "event_id": event_id or f"Ev{token_hex(5).upper()}", "event_time": int(now),
        "authorizations": [{"enterprise_id": None, "team_id": team_id, "user_id": bot_user_id, "is_bot": True,
                            "is_enterprise_install": False}],
        "is_ext_shared_channel": False,
    }


def url_verification_body(challenge: str) -> dict:
    return {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}


# --- view state helpers --------------------------------------------------------------------------

def _option(element: dict, value: str) -> dict:
    options = element.get("options") or [o for g in element.get("option_groups", []) for o in g["options"]]
    for option in options:
        if option["value"] == value:
            return option
    raise KeyError(f"{element.get('action_id')}: no option with value {value!r}")


def _loaded_option(element: dict, value: str | dict) -> dict:
    """An external select's choice: an option the app's options answer gave (pass it whole), or its initial one."""
    if isinstance(value, dict):
        return value
    initial = element.get("initial_option") or {}
    if initial.get("value") == value:
        return initial
    return {"text": {"type": "plain_text", "text": value, "emoji": True}, "value": value}


# element type -> (state key, how a plain Python value becomes Slack's state value)
_STATE: dict[str, tuple[str, Callable[[dict, Any], Any]]] = {
    "plain_text_input": ("value", lambda el, v: v),
    "number_input": ("value", lambda el, v: None if v is None else str(v)),
    "email_text_input": ("value", lambda el, v: v),
    "url_text_input": ("value", lambda el, v: v),
    "datepicker": ("selected_date", lambda el, v: v),
    "timepicker": ("selected_time", lambda el, v: v),
    "users_select": ("selected_user", lambda el, v: v),
    "multi_users_select": ("selected_users", lambda el, v: list(v or [])),
    "conversations_select": ("selected_conversation", lambda el, v: v),
    "multi_conversations_select": ("selected_conversations", lambda el, v: list(v or [])),
    "channels_select": ("selected_channel", lambda el, v: v),
    "multi_channels_select": ("selected_channels", lambda el, v: list(v or [])),
    "static_select": ("selected_option", lambda el, v: None if v is None else _option(el, v)),
    "external_select": ("selected_option", lambda el, v: None if v is None else _loaded_option(el, v)),
    "radio_buttons": ("selected_option", lambda el, v: None if v is None else _option(el, v)),
    "multi_static_select": ("selected_options", lambda el, v: [_option(el, x) for x in v or []]),
    "checkboxes": ("selected_options", lambda el, v: [_option(el, x) for x in v or []]),
}


def element_state(element: dict, answer: Any) -> dict:
    """One input's entry in `state.values` (Slack's shape) for a plain Python answer."""
    key, convert = _STATE[element["type"]]
    return {"type": element["type"], key: convert(element, answer)}


def input_values(view: dict, **answers: Any) -> dict:
    """``state.values`` for a submission of ``view``, keyed by action_id (or block_id) -> plain value.

    Like Slack, every input block appears; unanswered ones carry an empty value.  Option-based
    elements take the option *value* (or a list of them) and get the full option object, e.g.
    ``input_values(view, title="Broken jig", owner="U_BOB", severity="major", due="2024-05-01")``.
    """
    values: dict = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element, block_id = block["element"], block["block_id"]
        action_id = element["action_id"]
        answer = answers.pop(action_id, answers.pop(block_id, None))
        values[block_id] = {action_id: element_state(element, answer)}
    if answers:
        raise KeyError(f"no input block/action in view for: {sorted(answers)}")
    return values
