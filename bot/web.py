"""HTTP mode: a small ASGI app (Starlette) served by uvicorn.

Bolt's sync `App.dispatch` runs in Starlette's thread pool, so a listener that
waits on Slack or the database never blocks the event loop.
"""
from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App
from slack_bolt.request import BoltRequest
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

EVENTS_PATH = "/slack/events"


def create_web_app(app: App, health: Callable[[], dict]) -> Starlette:
    """`health()` returns a JSON-able dict and raises when the database does not answer."""

    async def slack_events(request: Request) -> Response:
        body = (await request.body()).decode("utf-8")
        bolt_request = BoltRequest(body=body, query=request.url.query, headers=dict(request.headers))
        bolt_response = await run_in_threadpool(app.dispatch, bolt_request)
        return Response(status_code=bolt_response.status, content=bolt_response.body,
                        headers=_single_headers(bolt_response.headers))

    async def healthz(_request: Request) -> Response:
        try:
            report = await run_in_threadpool(health)
        except Exception as exc:  # any failure to answer means unhealthy, with the reason
            return JSONResponse({"ok": False, "database": str(exc).splitlines()[0][:200]}, status_code=503)
        return JSONResponse({"ok": True, **report})

    return Starlette(routes=[
        Route(EVENTS_PATH, slack_events, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
    ])


def _single_headers(headers: dict) -> dict:
    return {name: values[0] if isinstance(values, (list, tuple)) else values
            for name, values in headers.items() if values}
