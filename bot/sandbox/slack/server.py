"""A fake Slack Web API: a real HTTP server that slack-sdk / slack-bolt talk to in tests.

Point ``WebClient(base_url=fake.base_url)`` (or SLACK_API_URL) at it.  Every request is
recorded as a ``Call``; the API methods live in ``METHODS`` (name -> MethodSpec), which the
conformance test compares with Slack's OpenAPI spec. Routes: /api/<method>, /response/<id>
(response URLs) and /upload/<file id> (files_upload_v2's upload step).
"""
from __future__ import annotations

import json
import threading
import time
import traceback
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from typing import Any
from urllib.parse import parse_qsl, urlsplit

# The method modules register themselves in METHODS on import.
from bot.sandbox.slack import (  # noqa: F401
    history,
    methods_chat,
    methods_conversations,
    methods_files,
    methods_views,
    methods_workspace,
)
from bot.sandbox.slack.app_home import AppHome
from bot.sandbox.slack.calls import Call, CallLog
from bot.sandbox.slack.clients import Clients
from bot.sandbox.slack.faults import Faults
from bot.sandbox.slack.grants import RESPONSE_URL_TTL, Grants
from bot.sandbox.slack.methods import METHODS, MethodSpec, blank, respond_via_url
from bot.sandbox.slack.replies import Reply, SlackError
from bot.sandbox.slack.scopes import granted_by_manifest, missing
from bot.sandbox.slack.state import DEFAULT_CHANNELS, DEFAULT_USERS, Workspace

JSON_ARGS = ("blocks", "view", "attachments", "files")  # may arrive JSON-encoded inside form bodies
__all__ = ["FakeSlack", "Call", "METHODS", "MethodSpec", "SlackError"]


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


class FakeSlack(Workspace, Grants, Faults, CallLog, Clients):
    """One workspace's Slack: its state (state.py), grants (grants.py), scripted faults (faults.py),
    the calls it answered (calls.py) and what each person's client shows (clients.py), served over HTTP."""

    def __init__(self, *, bot_token: str = "xoxb-test-token", team_id: str = "T111", bot_user_id: str = "UBOT",
                 bot_id: str = "B111", trigger_ttl: float = 3.0, response_url_ttl: float = RESPONSE_URL_TTL,
                 app_home: AppHome | None = None, clock: Callable[[], float] = time.monotonic,
                 people: dict[str, dict] | None = None, channels: dict[str, str | dict] | None = None,
                 ts_clock: Callable[[], float] | None = None, scopes: frozenset[str] | None = None):
        """`app_home` defaults to the Messages tab settings in the project's app.yaml; `clock` (seconds)
        times trigger ids and response URLs, so a test can move it on instead of waiting. `people` and
        `channels` are who and where a fresh workspace has (add_user / add_channel arguments);
        `ts_clock` (epoch seconds) makes message timestamps say when, as Slack's do."""
        self.bot_token, self.team_id, self.bot_user_id, self.bot_id = bot_token, team_id, bot_user_id, bot_id
        self.app_id = "A111"
        self.trigger_ttl, self.response_url_ttl, self.clock = trigger_ttl, response_url_ttl, clock
        self.app_home = app_home or AppHome.from_manifest()
        self.people = DEFAULT_USERS if people is None else people
        self.rooms = DEFAULT_CHANNELS if channels is None else channels
        self.ts_clock = ts_clock
        self.scopes = granted_by_manifest() if scopes is None else scopes  # the bot token's OAuth scopes
        self._watchers: list[Callable[[], None]] = []
        self.calls: list[Call] = []
        self._ids = count(1)  # never reset: view and file ids stay unique for the server's life
        self._last_ts_us = 0  # never reset either: every ts is unique
        self._cond = threading.Condition(threading.RLock())
        self._server: ThreadingHTTPServer | None = None
        self.base_url = self.root_url = ""
        self._fresh()

    def _fresh(self) -> None:
        self._fresh_workspace()
        self._fresh_grants()
        self._fresh_faults()
        self._fresh_clients()

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

    def reset(self) -> None:
        """Calls, failures *and* workspace state (messages, views, users, channels, uploads, grants,
        where events go). A session-wide server is reset between tests, so nothing a test scripted may leak."""
        with self._cond:
            self.calls.clear()
            self._fresh()

    # --- request plumbing -------------------------------------------------------------------
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
            delay = self._recorded(method, args, reply, token)
        return self._late(reply, delay)

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
        needed = missing(method, self.scopes)
        if needed:
            raise SlackError("missing_scope", needed=",".join(needed), provided=",".join(sorted(self.scopes)))
        absent = [name for name in spec.required if blank(args.get(name))]
        if absent:
            raise SlackError("invalid_arguments", [f"[ERROR] missing required field: {name}" for name in absent])
        if spec.one_of and all(blank(args.get(name)) for name in spec.one_of):
            raise SlackError(spec.one_of_error)
        return Reply(200, {"ok": True, **spec.handler(self, args)})

    def _serve_response_url(self, url_id: str, query: str, raw: bytes, headers: Any) -> Reply:
        args: dict = {}
        with self._cond:
            try:
                args = _parse_args(query, raw, headers.get("Content-Type", ""))
                self.check_response_url(url_id)
                reply = self._take_failure("response_url") or respond_via_url(args)
                if reply.status == 200:
                    self.land_response(self.use_response_url(url_id), args)
            except SlackError as e:
                reply = e.reply
            delay = self._recorded("response_url", args, reply, None)
        return self._late(reply, delay)

    def _serve_upload(self, file_id: str, query: str, raw: bytes, headers: Any) -> Reply:
        with self._cond:
            failure = self._take_failure("file_upload")  # fail("file_upload", status=500): the upload host fails
            if failure is not None:
                args, reply = {"file_id": file_id}, failure
            elif file_id in self.files:
                self.uploads[file_id] = raw
                args, reply = {"file_id": file_id, "length": len(raw)}, Reply(200, f"OK - {len(raw)}")
            else:
                args, reply = {"file_id": file_id}, Reply(404, "not found")
            delay = self._recorded("file_upload", args, reply, None)
        return self._late(reply, delay)

    def _recorded(self, method: str, args: dict, reply: Reply, token: str | None) -> float:
        """Record the call; how late to answer it if `method` is slowed."""
        self._record(method, args, reply, token)
        return self._take_delay(method)

    @staticmethod
    def _late(reply: Reply, delay: float) -> Reply:
        if delay:  # the call has taken effect; only the answer is late (outside the lock: others go on)
            time.sleep(delay)
        return reply
