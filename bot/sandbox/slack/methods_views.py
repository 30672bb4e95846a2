"""views.*: modals opened with a trigger id, pushed, updated (with hash checks), and Home tabs."""
from __future__ import annotations

import time
from secrets import token_hex
from typing import TYPE_CHECKING

from bot.sandbox.slack.methods import check_view, method
from bot.sandbox.slack.replies import SlackError

if TYPE_CHECKING:
    from bot.sandbox.slack.server import FakeSlack


def store_view(fake: FakeSlack, view: dict, view_id: str | None = None) -> dict:
    view_id = view_id or f"V{next(fake._ids):08d}"
    stored = {
        "team_id": fake.team_id, "type": view["type"], "blocks": [], "private_metadata": "",
        "callback_id": "", "state": {"values": {}}, "title": None, "clear_on_close": False,
        "notify_on_close": False, "close": None, "submit": None, "previous_view_id": None,
        "root_view_id": view_id, "app_id": fake.app_id, "external_id": "", "app_installed_team_id": fake.team_id,
        "bot_id": fake.bot_id, **view, "id": view_id, "hash": f"{int(time.time())}.{token_hex(4)}",
    }
    fake.views[view_id] = stored
    return {"view": dict(stored)}


@method("views.open", "trigger_id", "view")
def views_open(fake: FakeSlack, args: dict, *, push: bool = False) -> dict:
    # Validate first: a rejected view leaves the trigger unused (a simplification of Slack).
    check_view(args["view"])
    fake.exchange_trigger(args["trigger_id"])
    opened = store_view(fake, args["view"])
    fake.opened_for(fake.trigger_user(args["trigger_id"]), opened["view"]["id"], push=push)
    return opened


@method("views.push", "trigger_id", "view")
def views_push(fake: FakeSlack, args: dict) -> dict:
    return views_open(fake, args, push=True)


def _find_view(fake: FakeSlack, view_id: str | None, external_id: str | None) -> dict:
    for view in fake.views.values():
        if (view_id and view["id"] == view_id) or (external_id and view.get("external_id") == external_id):
            return view
    raise SlackError("not_found")


@method("views.update", "view", one_of=("view_id", "external_id"))
def views_update(fake: FakeSlack, args: dict) -> dict:
    current = _find_view(fake, args.get("view_id"), args.get("external_id"))
    if args.get("hash") and args["hash"] != current["hash"]:
        raise SlackError("hash_conflict")  # someone updated the view since this hash was read
    check_view(args["view"])
    return store_view(fake, args["view"], current["id"])


@method("views.publish", "user_id", "view")
def views_publish(fake: FakeSlack, args: dict) -> dict:
    if args["user_id"] not in fake.users:
        raise SlackError("user_not_found")
    check_view(args["view"])
    if args["view"].get("type") != "home":
        raise SlackError("invalid_arguments", ["[ERROR] must be home [json-pointer:/view/type]"])
    current = fake.home_views.get(args["user_id"], {})
    result = store_view(fake, args["view"], current.get("id"))
    fake.home_views[args["user_id"]] = fake.views[result["view"]["id"]]
    return result
