"""Where Slack's requests go: the app's Request URL over HTTP, or an ASGI app in this process.

A target is a callable ``(body, headers) -> Answer``; it raises Unreachable when nothing
answers (Slack's `connection_failed`). The ASGI target runs the app on its own event loop
thread, so it can be called from any thread, many at once, as Slack's requests arrive.
"""
from __future__ import annotations

import http.client
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import anyio
from anyio.from_thread import BlockingPortal, start_blocking_portal

EVENTS_PATH = "/slack/events"


@dataclass(frozen=True)
class Answer:
    """The app's HTTP answer to one request, and how long it took (shaped like an httpx response)."""

    status_code: int
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    late: bool = False  # answered after Slack stopped waiting (3 s)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.content)


Target = Callable[[bytes, dict], Answer]


class Unreachable(Exception):
    """Nothing answered at the target (refused, reset, no route)."""


class HttpTarget:
    """POSTs to a Request URL, e.g. ``http://127.0.0.1:3000/slack/events`` (`trellis serve`)."""

    def __init__(self, url: str, *, timeout: float = 30.0):
        parts = urlsplit(url)
        self.url, self.timeout = url, timeout
        self._host, self._port = parts.hostname or "127.0.0.1", parts.port
        self._path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self._connection = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection

    def __call__(self, body: bytes, headers: dict) -> Answer:
        connection = self._connection(self._host, self._port, timeout=self.timeout)  # one per request: threads
        try:
            connection.request("POST", self._path, body=body, headers=headers)
            response = connection.getresponse()
            return Answer(response.status, response.read(), {k.lower(): v for k, v in response.getheaders()})
        except OSError as exc:
            raise Unreachable(f"{self.url}: {exc}") from exc
        finally:
            connection.close()


class AsgiTarget:
    """Calls an ASGI app (bot.web's Starlette app) in this process, as an HTTP server would."""

    def __init__(self, app: Callable, *, path: str = EVENTS_PATH):
        self.app, self.path = app, path
        self._portal_cm: Any = None
        self._portal: BlockingPortal | None = None

    def start(self) -> AsgiTarget:
        if self._portal is None:
            self._portal_cm = start_blocking_portal()
            self._portal = self._portal_cm.__enter__()
        return self

    def close(self) -> None:
        if self._portal is not None:
            self._portal = None
            self._portal_cm.__exit__(None, None, None)

    def __enter__(self) -> AsgiTarget:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __call__(self, body: bytes, headers: dict) -> Answer:
        portal = self.start()._portal
        assert portal is not None
        return portal.call(self._request, body, headers)

    async def _request(self, body: bytes, headers: dict) -> Answer:
        path, _, query = self.path.partition("?")
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
            "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query.encode(),
            "root_path": "", "client": ("127.0.0.1", 0), "server": ("slack.sandbox", 80),
            "headers": [(k.lower().encode(), str(v).encode()) for k, v in
                        {**headers, "host": "slack.sandbox", "content-length": str(len(body))}.items()],
        }
        answered = anyio.Event()
        started: dict = {}
        chunks: list[bytes] = []
        delivered = False

        async def receive() -> dict:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            await answered.wait()  # then the client "disconnects", as after any answered request
            return {"type": "http.disconnect"}

        async def send(message: dict) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    answered.set()

        await self.app(scope, receive, send)
        answered.set()
        response_headers = {k.decode().lower(): v.decode() for k, v in started.get("headers", [])}
        return Answer(started.get("status", 500), b"".join(chunks), response_headers)
