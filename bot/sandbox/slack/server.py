"""A fake Slack Web API: a real HTTP server that slack-sdk / slack-bolt talk to in tests.

Point ``WebClient(base_url=fake.base_url)`` (or SLACK_API_URL) at it.  Every request is
recorded as a ``Call``; the API methods live in ``METHODS`` (name -> MethodSpec), which the
conformance test compares with Slack's OpenAPI spec.
"""

from __future__ import annotations

import json
import threading
import time
import traceback
from collections import defaultdict
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from secrets import token_hex
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from bot.sandbox.slack import history  # noqa: F401 - registers conversations.history and .replies
from bot.sandbox.slack.methods import METHODS, MethodSpec, Reply, SlackError, blank, respond_via_url

JSON_ARGS = ("blocks", "view", "attachments", "files")  # may arrive JSON-encoded inside form bodies
__all__ = ["FakeSlack", "Call", "METHODS", "MethodSpec", "SlackError"]

DEFAULT_USERS = {"U_ALICE": {}, "U_BOB": {}, "U_CAROL": {}, "U_MANAGER": {}, "U_ADMIN": {"is_admin": True}}


@dataclass(frozen=True)
class Call:
    method: str
    args: dict
    status: int
    response: dict | None
    at: float
    token: str | None

    @property
    def ok(self) -> bool:
        return bool(self.response and self.response.get("ok"))

    @property
    def error(self) -> str | None:
        return self.response.get("error") if self.response else f"HTTP {self.status}"


@dataclass
class _Failure:
    reply: Reply
    times: int  # -1 = until clear_failures()


def _bearer(header: str | None) -> str | None:
    return header[7:].strip() if header and header.startswith("Bearer ") else None


def _parse_args(query: str, raw: bytes, content_type: str) -> dict:
    args = dict(parse_qsl(query, keep_blank_values=True))
    if content_type.startswith("application/json"):
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            raise SlackError("invalid_json") from None
        if not isinstance(body, dict):
            raise SlackError("json_not_object")
        args.update(body)
    else:
        args.update(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    for key in JSON_ARGS:
        if isinstance(args.get(key), str) and args[key][:1] in "[{":
            try:
                args[key] = json.loads(args[key])
            except ValueError:
                pass  # left as a string: the handler reports *_format errors
    return args


class _Handler(BaseHTTPRequestHandler):
    fake: FakeSlack

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        kind, _, name = url.path.strip("/").partition("/")
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        route = {"api": self.fake._serve_api, "response": self.fake._serve_response_url,
                 "upload": self.fake._serve_upload}.get(kind)
        reply = route(name, url.query, raw, self.headers) if route else Reply(404, "not found")
        is_json = isinstance(reply.body, dict)
        data = (json.dumps(reply.body) if is_json else reply.body).encode()
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json; charset=utf-8" if is_json else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        for header, value in reply.headers:
            self.send_header(header, value)
        try:
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting: Slack's effect stands
            pass

    do_GET = do_POST  # slack-sdk always POSTs, but curl-style GETs with a query string work too

    def log_message(self, *args: Any) -> None:  # keep pytest output clean
        pass


class FakeSlack:
    def __init__(self, *, bot_token: str = "xoxb-test-token", team_id: str = "T111", bot_user_id: str = "UBOT",
                 bot_id: str = "B111", trigger_ttl: float = 3.0):
        self.bot_token, self.team_id, self.bot_user_id, self.bot_id = bot_token, team_id, bot_user_id, bot_id
        self.app_id = "A111"
        self.trigger_ttl = trigger_ttl
        self.calls: list[Call] = []
        self._ids = count(1)  # never reset: view and file ids stay unique for the server's life
        self._last_ts_us = 0  # never reset either: every ts is unique
        self._cond = threading.Condition(threading.RLock())
        self._server: ThreadingHTTPServer | None = None
        self.base_url = self.root_url = ""
        self._fresh_workspace()

    def _fresh_workspace(self) -> None:
        self.socket_mode_url: str | None = None
        self.messages: dict[str, list[dict]] = defaultdict(list)
        self.ephemerals: dict[str, list[dict]] = defaultdict(list)
        self.views: dict[str, dict] = {}          # view_id -> current view (views.open/push/update/publish)
        self.home_views: dict[str, dict] = {}     # user_id -> published Home tab
        self.users: dict[str, dict] = {}
        self.channels: dict[str, dict] = {}
        self.uploads: dict[str, bytes] = {}       # file_id -> uploaded bytes
        self.files: dict[str, dict] = {}          # file_id -> {"name", "length", "title", ...}
        self._triggers: dict[str, float | None] = {}  # trigger_id -> expiry (None once exchanged)
        self._response_urls: set[str] = set()
        self._failures: dict[str, list[_Failure]] = defaultdict(list)
        self._delays: dict[str, list] = {}  # method -> [seconds, times left (-1: until cleared)]
        for user_id, flags in DEFAULT_USERS.items():
            self.add_user(user_id, **flags)
        self.add_user(self.bot_user_id, name="trellis", real_name="Trellis", is_bot=True)

    # --- lifecycle ------------------------------------------------------------------------
    def start(self) -> FakeSlack:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.root_url = f"http://127.0.0.1:{self._server.server_port}"
        self.base_url = f"{self.root_url}/api/"
        # A short poll interval keeps stop() (and so each test's teardown) fast.
        threading.Thread(target=self._server.serve_forever, args=(0.02,), name="FakeSlack", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # --- inspection -----------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def ok_calls(self, method: str) -> list[Call]:
        return [c for c in self.calls_to(method) if c.ok]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        with self._cond:
            if self._cond.wait_for(lambda: len(self.ok_calls(method)) >= count, timeout):
                return self.ok_calls(method)
            seen = "\n  ".join(f"{c.method} -> {c.status} {'ok' if c.ok else c.error}" for c in self.calls)
        raise AssertionError(f"expected {count} ok call(s) to {method} within {timeout}s; calls seen:\n  {seen}")

    def clear_calls(self) -> None:
        """Forget recorded calls only (mid-test: "what happens from here on")."""
        with self._cond:
            self.calls.clear()

    def reset(self) -> None:
        """Calls, failures *and* workspace state (messages, views, users, channels, uploads...).

        A session-wide server is reset between tests, so nothing a test scripted may leak.
        """
        with self._cond:
            self.calls.clear()
            self._fresh_workspace()

    # --- scripting --------------------------------------------------------------------------
    def new_trigger_id(self) -> str:
        trigger_id = f"{next(self._ids)}.{int(time.time())}.{token_hex(8)}"
        with self._cond:
            self._triggers[trigger_id] = time.monotonic() + self.trigger_ttl
        return trigger_id

    def expire_trigger(self, trigger_id: str) -> None:
        with self._cond:
            self._triggers[trigger_id] = 0.0

    def add_user(self, user_id: str, *, name: str | None = None, real_name: str | None = None,
                 is_admin: bool = False, is_owner: bool = False, deleted: bool = False, is_bot: bool = False,
                 tz: str = "UTC") -> dict:
        name = name or user_id.removeprefix("U_").lower()
        real_name = real_name or name.title()
        self.users[user_id] = {
            "id": user_id, "team_id": self.team_id, "name": name, "real_name": real_name, "deleted": deleted,
            "is_admin": is_admin, "is_owner": is_owner, "is_bot": is_bot, "is_app_user": False, "tz": tz,
            "profile": {"display_name": name, "real_name": real_name, "team": self.team_id},
        }
        return self.users[user_id]

    def add_channel(self, channel_id: str, *, name: str | None = None, is_member: bool = True,
                    is_private: bool = False) -> dict:
        self.channels[channel_id] = {
            "id": channel_id, "name": name or channel_id.lower(), "is_channel": not is_private,
            "is_group": is_private, "is_im": channel_id.startswith("D"), "is_private": is_private,
            "is_member": is_member, "is_archived": False,
        }
        return self.channels[channel_id]

    def post_as(self, user_id: str, channel_id: str, text: str, *, thread_ts: str | None = None) -> dict:
        """A person's message in a channel, as Slack stores it (tests deliver its event, or not)."""
        with self._cond:
            msg = {"type": "message", "user": user_id, "team": self.team_id, "ts": self._next_ts(), "text": text,
                   **({"thread_ts": thread_ts} if thread_ts else {})}
            self.messages[channel_id].append(msg)
            return dict(msg)

    def fail(self, method: str, *, status: int = 200, error: str | None = None, retry_after: int | None = None,
             times: int = 1) -> None:
        if retry_after is None and status == 429:
            retry_after = 1  # slack-sdk's rate-limit handler needs the header to know how long to wait
        headers = (("Retry-After", str(retry_after)),) if retry_after is not None else ()
        if status in (200, 429):
            body: dict | str = {"ok": False, "error": error or ("ratelimited" if status == 429 else "internal_error")}
        else:  # Slack's edge answers 5xx with a plain (non-JSON) body
            body = error or HTTPStatus(status).phrase
        with self._cond:
            self._failures[method].append(_Failure(Reply(status, body, headers), times))

    def clear_failures(self) -> None:
        with self._cond:
            self._failures.clear()
            self._delays.clear()

    def new_response_url(self) -> str:
        url_id = f"{next(self._ids)}{token_hex(6)}"
        with self._cond:
            self._response_urls.add(url_id)
        return f"{self.root_url}/response/{url_id}"

    # --- request plumbing -------------------------------------------------------------------
    def _record(self, method: str, args: dict, reply: Reply, token: str | None) -> Reply:
        body = reply.body if isinstance(reply.body, dict) else None
        with self._cond:
            self.calls.append(Call(method, args, reply.status, body, time.monotonic(), token))
            self._cond.notify_all()
        return reply

    def _take_failure(self, method: str) -> Reply | None:
        queue = self._failures.get(method)
        if not queue:
            return None
        failure = queue[0]
        if failure.times > 0:
            failure.times -= 1
            if failure.times == 0:
                queue.pop(0)
        return failure.reply

    def _serve_api(self, method: str, query: str, raw: bytes, headers: Any) -> Reply:
        args: dict = {}
        token = _bearer(headers.get("Authorization"))
        with self._cond:
            try:
                args = _parse_args(query, raw, headers.get("Content-Type", ""))
                body_token = args.pop("token", None)  # Slack also accepts a token argument
                token = token or body_token
                reply = self._take_failure(method) or self._dispatch(method, args, token)
            except SlackError as e:
                reply = e.reply
            except Exception as e:  # a bug in the fake: answer (and record) instead of dropping the socket
                traceback.print_exc()
                reply = Reply(500, {"ok": False, "error": "fatal_error", "detail": repr(e)})
            recorded = self._record(method, args, reply, token)
            delay = self._take_delay(method)
        if delay:  # the call has taken effect; only the answer is late (outside the lock: others go on)
            time.sleep(delay)
        return recorded

    def slow(self, method: str, seconds: float, *, times: int = -1) -> None:
        """Answer `method` `seconds` late, after its effect (a post is posted, then answered late);
        `times` calls, or until clear_failures() when -1."""
        with self._cond:
            self._delays[method] = [seconds, times]

    def _take_delay(self, method: str) -> float:
        entry = self._delays.get(method)
        if not entry:
            return 0.0
        seconds, times = entry
        if times > 0:
            entry[1] -= 1
            if entry[1] == 0:
                del self._delays[method]
        return seconds

    def _dispatch(self, method: str, args: dict, token: str | None) -> Reply:
        spec = METHODS.get(method)
        if spec is None:
            raise SlackError("unknown_method")
        if not token:
            raise SlackError("not_authed")
        if spec.app_token != token.startswith("xapp-"):
            raise SlackError("not_allowed_token_type" if spec.app_token else "invalid_auth")
        if not spec.app_token and token != self.bot_token:
            raise SlackError("invalid_auth")
        missing = [name for name in spec.required if blank(args.get(name))]
        if missing:
            raise SlackError("invalid_arguments", [f"[ERROR] missing required field: {name}" for name in missing])
        if spec.one_of and all(blank(args.get(name)) for name in spec.one_of):
            raise SlackError(spec.one_of_error)
        return Reply(200, {"ok": True, **spec.handler(self, args)})

    def _serve_response_url(self, url_id: str, query: str, raw: bytes, headers: Any) -> Reply:
        args: dict = {}
        with self._cond:
            try:
                args = _parse_args(query, raw, headers.get("Content-Type", ""))
                if url_id not in self._response_urls:
                    raise SlackError("no_such_url", status=404)
                reply = self._take_failure("response_url") or respond_via_url(args)
            except SlackError as e:
                reply = e.reply
            return self._record("response_url", args, reply, None)

    def _serve_upload(self, file_id: str, query: str, raw: bytes, headers: Any) -> Reply:
        with self._cond:
            if file_id not in self.files:
                return self._record("file_upload", {"file_id": file_id}, Reply(404, "not found"), None)
            self.uploads[file_id] = raw
            return self._record("file_upload", {"file_id": file_id, "length": len(raw)},
                                Reply(200, f"OK - {len(raw)}"), None)

    def _next_ts(self) -> str:
        """The posting time, as Slack's ts is (clients bound history reads by it), unique and increasing."""
        self._last_ts_us = max(time.time_ns() // 1000, self._last_ts_us + 1)
        return f"{self._last_ts_us // 1_000_000}.{self._last_ts_us % 1_000_000:06d}"
