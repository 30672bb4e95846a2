"""The two long-running modes: Socket Mode and HTTP."""
from __future__ import annotations

import logging
import signal
import sys
from importlib.util import find_spec

from bot.config import Settings
from bot.runtime import prepare

log = logging.getLogger("trellis")


def run_socket_mode(settings: Settings) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    runtime = prepare(settings, needs=("slack_app_token",))
    stop_cleanly_on_sigterm()
    handler = SocketModeHandler(runtime.app, app_token=settings.slack_app_token)
    handler.client.wss_uri = runtime.socket_url  # the URL start-up's check already got: one apps.connections.open
    # Slack says hello on every (re)connection: compare review threads with Slack for what we missed.
    handler.client.on_message_listeners.append(lambda raw: '"type":"hello"' in raw.replace(" ", "")
                                               and runtime.reconciler.soon())
    log.info("Trellis connecting to Slack in Socket Mode")
    try:
        runtime.start_background()
        handler.start()
    finally:
        handler.close()
        runtime.stop()
    return 0


def run_http(settings: Settings, *, host: str, port: int) -> int:
    import uvicorn

    from bot.web import create_web_app

    runtime = prepare(settings, needs=("slack_signing_secret",))
    web_app = create_web_app(runtime.app, runtime.health, signing_secret=settings.slack_signing_secret)
    stop_cleanly_on_sigterm()
    log.info("Trellis listening on http://%s:%s/slack/events", host, port)
    try:
        runtime.start_background()
        uvicorn.run(web_app, host=host, port=port, **server_options())
    finally:
        runtime.stop()
    return 0


def stop_cleanly_on_sigterm() -> None:
    """SIGTERM (a service manager stopping us) unwinds like Ctrl-C, through the caller's `finally`, so the
    delivery worker finishes the call in flight and writes what Slack answered instead of leaving it to be
    looked for again. Installed before the background work starts: a SIGTERM during start-up stops cleanly
    too. uvicorn takes SIGTERM over while it serves, and raises it again once it has shut down, into this
    handler (without it, that second SIGTERM killed the process before `runtime.stop()`)."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))


def server_options() -> dict:
    """uvicorn's fastest parts (uvloop, httptools) where they are installed, else its pure-Python ones;
    no access log, no proxy-header rewriting (nothing here reads the client's address)."""
    return {"loop": "uvloop" if find_spec("uvloop") else "asyncio",
            "http": "httptools" if find_spec("httptools") else "h11",
            "interface": "asgi3", "lifespan": "on", "log_level": "warning", "access_log": False,
            "proxy_headers": False}
