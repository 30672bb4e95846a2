"""HTTP mode: a thin ASGI callable in front of the Bolt app, served by uvicorn.

POST /slack/events is checked here before anything parses it: the size (413, by
Content-Length, then counted while reading), Slack's timestamp and signature (401),
then the body's shape (400). Only then does Bolt see it, marked VERIFIED in its
context, on a thread pool: Bolt's sync listeners block on Slack and the database,
and must not block the event loop. GET /healthz answers within HEALTH_TIMEOUT
whatever the database does (bot/health.py).
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable

from slack_bolt import App, BoltResponse
from slack_bolt.request import BoltRequest

from bot import signing
from bot.health import HEALTH_TIMEOUT, HealthCheck
from bot.listener_pool import ListenerPool

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1 << 20  # Slack's payloads are a few KiB; a modal's state stays far below this
LISTENER_THREADS = 40  # requests in listeners at once (waiting on Slack or the database)

log = logging.getLogger("trellis.web")


class Refusal(Exception):
    """The answer instead of Bolt's: a status, and a reason for the debug log."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status


class SlackWebApp:
    """The ASGI app: two routes, no framework between uvicorn and Bolt."""

    def __init__(self, app: App, health: Callable[[], dict], *, signing_secret: str,
                 health_timeout: float = HEALTH_TIMEOUT):
        if not signing_secret:
            raise ValueError("HTTP mode needs the signing secret")
        self._app, self._secret = app, signing_secret.encode()
        self._health = HealthCheck(health, timeout=health_timeout)
        self._listeners = ListenerPool(LISTENER_THREADS)

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return  # no websockets here
        route = ROUTES.get(scope["path"])
        if route is None:
            await _answer(send, 404, b"Not Found")
        elif scope["method"] not in route:
            await _answer(send, 405, b"Method Not Allowed", {"allow": ", ".join(route)})
        elif scope["path"] == EVENTS_PATH:
            await self._slack_events(scope, receive, send)
        else:
            status, report = await self._health()
            await _answer(send, status, report)

    async def _slack_events(self, scope: dict, receive: Callable, send: Callable) -> None:
        headers = _headers(scope)
        try:
            request = await self._verified_request(scope, headers, receive)
        except Refusal as refusal:  # the reason goes to the debug log only: never the body, never to the sender
            log.debug("refused %s %s: %s %s", scope["method"], scope["path"], refusal.status, refusal)
            # Closing stops the server reading whatever the sender still has to send.
            await _answer(send, refusal.status, b"", {"connection": "close"})
            return
        if request is None:
            return  # the client went away before sending its body
        response: BoltResponse = await self._listeners.run(self._app.dispatch, request)
        await _answer(send, response.status, response.body.encode(), response.first_headers_without_set_cookie())

    async def _verified_request(self, scope: dict, headers: dict[str, bytes], receive: Callable) -> BoltRequest | None:
        length = headers.get("content-length", b"0")
        if not length.isdigit():
            raise Refusal(400, "Content-Length is not a number")
        if int(length) > MAX_BODY_BYTES:
            raise Refusal(413, "Content-Length over the limit")
        timestamp, signature = headers.get("x-slack-request-timestamp"), headers.get("x-slack-signature")
        try:
            signing.check_timestamp(timestamp, now=time.time())  # cheap, so before reading the body
            body = await _read_body(receive)
            if body is None:
                return None
            signing.check_signature(self._secret, timestamp=timestamp, signature=signature, body=body)
        except signing.Unverified as unverified:
            raise Refusal(401, str(unverified)) from None
        content_type = headers.get("content-type", b"").decode("latin-1").split(";")[0]
        try:
            request = BoltRequest(body=signing.body_text(body, content_type),
                                  query=scope["query_string"].decode("latin-1"),
                                  headers={name: value.decode("latin-1") for name, value in headers.items()},
                                  context={signing.VERIFIED: True})
        except signing.Malformed as malformed:
            raise Refusal(400, str(malformed)) from None
        except Exception as error:  # Bolt's parser: bad JSON, or JSON that is not an object it can read ids from
            raise Refusal(400, f"Bolt cannot read the body ({type(error).__name__})") from None
        if not isinstance(request.body, dict):
            raise Refusal(400, "the body is not an object")
        return request

    async def _lifespan(self, receive: Callable, send: Callable) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self._listeners.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return


ROUTES = {EVENTS_PATH: ("POST",), HEALTH_PATH: ("GET",)}


def create_web_app(app: App, health: Callable[[], dict], *, signing_secret: str, **options) -> SlackWebApp:
    """`health()` returns a JSON-able dict and raises (or hangs) when the database does not answer."""
    return SlackWebApp(app, health, signing_secret=signing_secret, **options)


async def _read_body(receive: Callable) -> bytes | None:
    """The whole body, refused as soon as it passes MAX_BODY_BYTES (chunked bodies have no Content-Length)."""
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        body += message.get("body", b"")
        if len(body) > MAX_BODY_BYTES:
            raise Refusal(413, "body over the limit")
        if not message.get("more_body", False):
            return bytes(body)


def _headers(scope: dict) -> dict[str, bytes]:
    return {name.decode("latin-1"): value for name, value in scope["headers"]}


async def _answer(send: Callable, status: int, body: bytes | dict, headers: dict[str, str] | None = None) -> None:
    headers = headers or {}
    if isinstance(body, dict):
        body, headers = json.dumps(body).encode(), {**headers, "content-type": "application/json"}
    raw = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()
           if name.lower() != "content-length"]
    raw.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
