"""The Web API methods FakeSlack answers, registered in ``METHODS``.

Each handler gets the FakeSlack (state) and the decoded arguments, after the server has
already checked auth, required arguments and ``one_of`` groups from the MethodSpec; it
returns the success payload (without ``ok``) or raises SlackError.
"""

from __future__ import annotations

import mimetypes
import time
from collections.abc import Callable
from dataclasses import dataclass
from secrets import token_hex
from typing import TYPE_CHECKING, Any

from bot.sandbox.slack import blockkit

if TYPE_CHECKING:
    from bot.sandbox.slack.server import FakeSlack

MESSAGE_CONTENT = ("text", "blocks", "attachments")


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict | str
    headers: tuple[tuple[str, str], ...] = ()


class SlackError(Exception):
    """Raised by handlers and checks; carries the ``ok: false`` reply Slack would send."""

    def __init__(self, error: str, messages: list[str] | None = None, status: int = 200):
        super().__init__(error)
        metadata = {"response_metadata": {"messages": messages}} if messages else {}
        self.reply = Reply(status, {"ok": False, "error": error, **metadata})


@dataclass(frozen=True)
class MethodSpec:
    handler: Callable[[FakeSlack, dict], dict]
    required: tuple[str, ...]
    one_of: tuple[str, ...] = ()             # at least one of these must be present ...
    one_of_error: str = "invalid_arguments"  # ... else Slack's specific error
    app_token: bool = False                  # apps.connections.open takes xapp-, the rest xoxb-


METHODS: dict[str, MethodSpec] = {}


def method(name: str, *required: str, one_of: tuple[str, ...] = (), one_of_error: str = "invalid_arguments",
           app_token: bool = False) -> Callable:
    def register(handler: Callable) -> Callable:
        METHODS[name] = MethodSpec(handler, required, one_of, one_of_error, app_token)
        return handler
    return register


def blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def _pick(args: dict, *keys: str) -> dict:
    return {k: args[k] for k in keys if k in args}


# --- checks shared by handlers ----------------------------------------------------------------

def check_message(args: dict, status: int = 200) -> None:
    if len(str(args.get("text") or "")) > blockkit.MESSAGE_MAX_TEXT:
        raise SlackError("msg_too_long", status=status)
    blocks = args.get("blocks")
    if blank(blocks):
        return
    if not isinstance(blocks, list):
        raise SlackError("invalid_blocks_format", status=status)
    errors = blockkit.message_errors(blocks)
    if errors:
        raise SlackError("invalid_blocks", errors, status=status)


def check_view(view: Any) -> None:
    errors = blockkit.view_errors(view)
    if errors:  # views.* report block problems as invalid_arguments, unlike chat.*
        raise SlackError("invalid_arguments", errors)


def exchange_trigger(fake: FakeSlack, trigger_id: str) -> None:
    if trigger_id not in fake._triggers:
        raise SlackError("invalid_trigger_id")
    expiry = fake._triggers[trigger_id]
    if expiry is None:
        raise SlackError("exchanged_trigger_id")
    if time.monotonic() >= expiry:
        raise SlackError("expired_trigger_id")
    fake._triggers[trigger_id] = None


def resolve_channel(fake: FakeSlack, channel_id: str) -> dict:
    """C/G ids exist implicitly (bot is a member); a U id means the DM with that user."""
    if channel_id in fake.channels:
        return fake.channels[channel_id]
    if channel_id.startswith("U") and channel_id in fake.users:
        channel_id = "D" + channel_id
    if channel_id[:1] in ("C", "G", "D"):
        return fake.channels.get(channel_id) or fake.add_channel(channel_id, is_private=channel_id[0] == "G")
    raise SlackError("channel_not_found")


def postable_channel(fake: FakeSlack, channel_id: str) -> dict:
    channel = resolve_channel(fake, channel_id)
    if not channel["is_member"]:
        raise SlackError("not_in_channel")
    return channel


def find_message(fake: FakeSlack, channel_id: str, ts: str) -> tuple[str, dict]:
    channel = resolve_channel(fake, channel_id)["id"]
    for msg in fake.messages.get(channel, []):
        if msg["ts"] == ts:
            return channel, msg
    raise SlackError("message_not_found")


def respond_via_url(args: dict) -> Reply:
    if not args.get("delete_original") and all(blank(args.get(k)) for k in MESSAGE_CONTENT):
        raise SlackError("no_text", status=400)
    check_message(args, status=400)
    return Reply(200, {"ok": True})


# --- auth / apps --------------------------------------------------------------------------------

@method("auth.test")
def auth_test(fake: FakeSlack, args: dict) -> dict:
    return {"url": "https://example.slack.com/", "team": "Example", "user": "trellis", "team_id": fake.team_id,
            "user_id": fake.bot_user_id, "bot_id": fake.bot_id, "is_enterprise_install": False}


@method("apps.connections.open", app_token=True)
def apps_connections_open(fake: FakeSlack, args: dict) -> dict:
    if fake.socket_mode_url is None:
        raise SlackError("not_configured")
    return {"url": fake.socket_mode_url}


# --- chat -----------------------------------------------------------------------------------------

@method("chat.postMessage", "channel", one_of=MESSAGE_CONTENT, one_of_error="no_text")
def chat_post_message(fake: FakeSlack, args: dict) -> dict:
    channel = postable_channel(fake, args["channel"])["id"]
    check_message(args)
    msg = {"type": "message", "user": fake.bot_user_id, "bot_id": fake.bot_id, "team": fake.team_id,
           "ts": fake._next_ts(), "text": args.get("text") or "",
           **_pick(args, "blocks", "attachments", "thread_ts", "metadata")}
    fake.messages[channel].append(msg)
    return {"channel": channel, "ts": msg["ts"], "message": dict(msg)}


@method("chat.update", "channel", "ts", one_of=MESSAGE_CONTENT, one_of_error="no_text")
def chat_update(fake: FakeSlack, args: dict) -> dict:
    channel, msg = find_message(fake, args["channel"], args["ts"])
    check_message(args)
    # Slack keeps fields that the update does not mention (e.g. blocks when only text is sent).
    msg.update(_pick(args, "text", "blocks", "attachments", "metadata"),
               edited={"user": fake.bot_user_id, "ts": fake._next_ts()})
    return {"channel": channel, "ts": msg["ts"], "text": msg["text"], "message": dict(msg)}


@method("chat.delete", "channel", "ts")
def chat_delete(fake: FakeSlack, args: dict) -> dict:
    channel, msg = find_message(fake, args["channel"], args["ts"])
    fake.messages[channel].remove(msg)
    return {"channel": channel, "ts": msg["ts"]}


@method("chat.postEphemeral", "channel", "user", one_of=MESSAGE_CONTENT, one_of_error="no_text")
def chat_post_ephemeral(fake: FakeSlack, args: dict) -> dict:
    channel = postable_channel(fake, args["channel"])["id"]
    if args["user"] not in fake.users:
        raise SlackError("user_not_in_channel")
    check_message(args)
    msg = {"ts": fake._next_ts(), "user": args["user"], "text": args.get("text") or "",
           **_pick(args, "blocks", "attachments", "thread_ts")}
    fake.ephemerals[channel].append(msg)
    return {"message_ts": msg["ts"]}


@method("chat.getPermalink", "channel", "message_ts")
def chat_get_permalink(fake: FakeSlack, args: dict) -> dict:
    channel = resolve_channel(fake, args["channel"])["id"]
    permalink = f"https://example.slack.com/archives/{channel}/p{args['message_ts'].replace('.', '')}"
    return {"channel": channel, "permalink": permalink}


# --- views ----------------------------------------------------------------------------------------

def _store_view(fake: FakeSlack, view: dict, view_id: str | None = None) -> dict:
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
def views_open(fake: FakeSlack, args: dict) -> dict:
    # Validate first: a rejected view leaves the trigger unused (a simplification of Slack).
    check_view(args["view"])
    exchange_trigger(fake, args["trigger_id"])
    return _store_view(fake, args["view"])


@method("views.push", "trigger_id", "view")
def views_push(fake: FakeSlack, args: dict) -> dict:
    return views_open(fake, args)


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
    return _store_view(fake, args["view"], current["id"])


@method("views.publish", "user_id", "view")
def views_publish(fake: FakeSlack, args: dict) -> dict:
    if args["user_id"] not in fake.users:
        raise SlackError("user_not_found")
    check_view(args["view"])
    if args["view"].get("type") != "home":
        raise SlackError("invalid_arguments", ["[ERROR] must be home [json-pointer:/view/type]"])
    current = fake.home_views.get(args["user_id"], {})
    result = _store_view(fake, args["view"], current.get("id"))
    fake.home_views[args["user_id"]] = fake.views[result["view"]["id"]]
    return result


# --- users / conversations ---------------------------------------------------------------------

@method("users.info", "user")
def users_info(fake: FakeSlack, args: dict) -> dict:
    if args["user"] not in fake.users:
        raise SlackError("user_not_found")
    return {"user": dict(fake.users[args["user"]])}


@method("conversations.open", one_of=("users", "channel"), one_of_error="users_list_not_supplied")
def conversations_open(fake: FakeSlack, args: dict) -> dict:
    if args.get("channel"):
        return {"channel": {"id": resolve_channel(fake, args["channel"])["id"]}}
    users = args["users"].split(",") if isinstance(args["users"], str) else list(args["users"])
    if any(user not in fake.users for user in users):
        raise SlackError("user_not_found")
    channel_id = "D" + users[0] if len(users) == 1 else "G" + "_".join(sorted(users))
    return {"channel": {"id": resolve_channel(fake, channel_id)["id"]}}


@method("conversations.join", "channel")
def conversations_join(fake: FakeSlack, args: dict) -> dict:
    channel = resolve_channel(fake, args["channel"])
    if channel["is_private"] or channel["is_im"]:
        raise SlackError("method_not_supported_for_channel_type")
    channel["is_member"] = True
    return {"channel": dict(channel)}


@method("conversations.info", "channel")
def conversations_info(fake: FakeSlack, args: dict) -> dict:
    return {"channel": dict(resolve_channel(fake, args["channel"]))}


# --- files (the v2 upload flow used by WebClient.files_upload_v2) -----------------------------------

@method("files.getUploadURLExternal", "filename", "length")
def files_get_upload_url_external(fake: FakeSlack, args: dict) -> dict:
    if not str(args["length"]).isdigit():
        raise SlackError("invalid_arguments", ["[ERROR] length must be an integer"])
    file_id = f"F{next(fake._ids):08d}"
    fake.files[file_id] = {"id": file_id, "name": args["filename"], "length": int(args["length"])}
    return {"upload_url": f"{fake.root_url}/upload/{file_id}", "file_id": file_id}


@method("files.completeUploadExternal", "files")
def files_complete_upload_external(fake: FakeSlack, args: dict) -> dict:
    entries = args["files"]
    if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("id") for e in entries):
        raise SlackError("invalid_arguments", ["[ERROR] files must be a JSON array of {id, title}"])
    if any(entry["id"] not in fake.uploads for entry in entries):
        raise SlackError("file_not_found")
    channel = postable_channel(fake, args["channel_id"])["id"] if args.get("channel_id") else None
    files = []
    for entry in entries:
        info = fake.files[entry["id"]]
        info.update(title=entry.get("title") or info["name"], size=len(fake.uploads[entry["id"]]),
                    mimetype=mimetypes.guess_type(info["name"])[0] or "application/octet-stream",
                    permalink=f"https://example.slack.com/files/{fake.bot_user_id}/{entry['id']}/{info['name']}",
                    channels=[channel] if channel else [], initial_comment=args.get("initial_comment"))
        files.append(dict(info))
    return {"files": files}
