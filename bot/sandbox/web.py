"""The sandbox's web app: the page, its JSON API and live updates (server-sent events), uploaded files,
and — on the same port — Trellis's own web app (bot.web: `/slack/events`, `/healthz`), which
Slack's requests reach over HTTP exactly as in production."""
from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.sandbox import page
from bot.sandbox import workspace as ws
from bot.sandbox.actions import People, Refused
from bot.sandbox.clock import next_weekday_at
from bot.sandbox.manifest import surface
from bot.web import create_web_app

STATIC = Path(__file__).resolve().parent / "static"
KEEPALIVE_SECONDS = 15.0


class Changes:
    """A revision number that moves on every change in the fake Slack or the sandbox; the page's
    event stream waits on it (bump is called from any thread, under the fake's lock: it only schedules)."""

    def __init__(self):
        self.revision = 0
        self._lock = threading.Lock()
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future]] = []

    def bump(self) -> None:
        with self._lock:
            self.revision += 1
            waiters, self._waiters = self._waiters, []
        for loop, future in waiters:
            loop.call_soon_threadsafe(_settle, future)

    async def wait(self, seen: int, timeout: float) -> int:
        loop = asyncio.get_running_loop()
        with self._lock:
            if self.revision != seen:
                return self.revision
            future = loop.create_future()
            self._waiters.append((loop, future))
        try:
            await asyncio.wait_for(future, timeout)
        except TimeoutError:
            pass
        return self.revision


def _settle(future: asyncio.Future) -> None:
    if not future.done():
        future.set_result(None)


def create_sandbox_app(sandbox) -> Starlette:
    people = People(sandbox)
    changes = Changes()
    sandbox.fake.watch(changes.bump)
    errors: dict[str, dict] = {}  # view id -> the field errors Slack shows under its inputs

    def state(user: str, conv: str, thread_ts: str | None) -> dict:
        if ws.person(user) is None:
            raise Refused(f"{user} is not someone in this workspace")
        now = sandbox.clock()
        viewer = page.viewer_for(sandbox.fake, user, now)
        if conv != page.HOME and not ws.may_see(user, conv):
            conv = ws.GENERAL if ws.may_see(user, ws.GENERAL) else ws.CLIENT
        return {
            "revision": changes.revision, "user": user, "sidebar": page.sidebar(user),
            "conversation": page.conversation(sandbox.fake, viewer, conv),
            "thread": page.thread(sandbox.fake, viewer, conv, thread_ts),
            "modal": page.modal(sandbox.fake, viewer, errors),
            "clock": {"iso": now.isoformat(), "offset_days": round(sandbox.clock.offset / timedelta(days=1), 2)},
            "jobs": sandbox.jobs.available() if sandbox.jobs else [],
        }

    def submit(user: str, view_id: str, values: dict) -> dict:
        outcome = people.submit(user, view_id, values)
        if "errors" in outcome:
            errors[view_id] = outcome["errors"]
        elif not outcome.get("busy"):
            errors.pop(view_id, None)
        return outcome

    def move_clock(step: str) -> dict:
        if step == "day":
            before, after = sandbox.clock.advance(timedelta(days=1))
        elif step == "monday":
            before, after = sandbox.clock.advance_to(next_weekday_at(sandbox.clock(), ws.TIMEZONE))
        else:
            raise Refused("the clock moves by a day or to Monday 09:00")
        sandbox.runtime.delivery.wake()  # retries and reminders that came due
        notices = sandbox.jobs.passed(before, after)
        changes.bump()
        return {"notice": " ".join(notices) or f"The sandbox's clock is now {after:%a %d %b %Y %H:%M} UTC."}

    def run_job(name: str) -> dict:
        notice = sandbox.jobs.run(name, sandbox.clock())
        changes.bump()
        return {"notice": notice}

    handlers: dict[str, Callable[[dict], dict]] = {
        "hello": lambda b: people.fresh_client(b["user"]) or {},
        "message": lambda b: people.say(b["user"], b["channel"], b.get("text") or "", b.get("thread_ts")),
        "action": lambda b: people.click(b["user"], block_id=b["block_id"], action_id=b["action_id"],
                                         value=b.get("value"), channel=b.get("channel"), ts=b.get("ts"),
                                         view_id=b.get("view_id")),
        "submit": lambda b: submit(b["user"], b["view_id"], b.get("values") or {}),
        "suggest": lambda b: people.suggest(b["user"], b["view_id"], b["action_id"], b.get("value") or ""),
        "close": lambda b: people.close(b["user"], everything=bool(b.get("everything"))),
        "shortcut": lambda b: (people.message_shortcut(b["user"], b["callback_id"], b["channel"], b["ts"])
                               if b.get("ts") else people.global_shortcut(b["user"], b["callback_id"])),
        "home": lambda b: people.open_home(b["user"]),
        "clock": lambda b: move_clock(b.get("step", "")),
        "job": lambda b: run_job(b.get("name", "")),
    }

    async def api(request: Request) -> Response:
        handler = handlers.get(request.path_params["name"])
        if handler is None:
            return JSONResponse({"error": "unknown request"}, status_code=404)
        try:
            body = json.loads(await request.body() or b"{}")
            if not isinstance(body, dict):
                raise ValueError("not an object")
            result = await run_in_threadpool(handler, body)
        except (ValueError, KeyError, TypeError) as exc:
            return JSONResponse({"error": f"bad request: {exc}"}, status_code=400)
        except (Refused, LookupError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=409)
        changes.bump()
        return JSONResponse(result or {})

    async def get_state(request: Request) -> Response:
        query = request.query_params
        try:
            found = await run_in_threadpool(state, query.get("user", ""), query.get("conv") or ws.GENERAL,
                                            query.get("thread"))
        except Refused as exc:
            return JSONResponse({"error": str(exc)}, status_code=404)
        return JSONResponse(found)

    async def stream(request: Request) -> Response:
        async def events():
            seen = -1
            while not await request.is_disconnected():
                revision = await changes.wait(seen, KEEPALIVE_SECONDS)
                if revision == seen:
                    yield ": still here\n\n"
                    continue
                seen = revision
                yield f"data: {revision}\n\n"
        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    async def config(_request: Request) -> Response:
        return JSONResponse({
            "team": ws.TEAM_NAME, "people": [{"id": p.user_id, "name": p.real_name, "role": p.role,
                                              "client": p.client} for p in ws.PEOPLE],
            "commands": [{"command": c.command, "hint": c.usage_hint} for c in surface().commands],
            "global_shortcuts": [{"callback_id": s.callback_id, "name": s.name, "description": s.description}
                                 for s in surface().shortcuts_of("global")],
        })

    async def download(request: Request) -> Response:
        file_id = request.path_params["file_id"]
        data = sandbox.fake.uploads.get(file_id)
        info = sandbox.fake.files.get(file_id)
        if data is None or info is None:
            return Response("No such file in this sandbox.", status_code=404, media_type="text/plain")
        return Response(data, media_type=info.get("mimetype") or "application/octet-stream",
                        headers={"Content-Disposition": f'attachment; filename="{info["name"]}"'})

    async def index(_request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})

    trellis = create_web_app(sandbox.runtime.app, sandbox.runtime.health, signing_secret=sandbox.secret)
    return Starlette(routes=[
        Route("/", index),
        Route("/favicon.ico", lambda _request: Response(status_code=204)),
        Route("/api/config", config),
        Route("/api/state", get_state),
        Route("/api/stream", stream),
        Route("/api/{name}", api, methods=["POST"]),
        Route("/files/{file_id}/{name}", download),
        Mount("/static", StaticFiles(directory=STATIC)),
        Mount("", trellis),
    ])
