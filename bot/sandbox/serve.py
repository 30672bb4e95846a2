"""`trellis sandbox`: check the arguments, take the port, start Slack's stand-in and the real Trellis,
serve the page, print its URL. Ctrl-C stops it all."""
from __future__ import annotations

import errno
import ipaddress
import logging
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

from bot.config import ConfigError

log = logging.getLogger("trellis.sandbox")
BANNER = "Trellis sandbox: a local stand-in for Slack driving the real Trellis (not connected to Slack)."


@dataclass
class Served:
    """A running sandbox and its HTTP server (tests stop it with `stop()`)."""

    sandbox: object
    server: object
    thread: threading.Thread
    url: str

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sandbox.stop()


def check_host(host: str, allow_remote: bool) -> None:
    if allow_remote or host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ConfigError(f"--host {host} is not a loopback address: the sandbox has no sign-in, so it listens on "
                          "127.0.0.1 only; add --allow-remote to let other machines open it")


def bind(host: str, port: int) -> socket.socket:
    """Take the port now, so a busy one is one clear line before anything starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(f"port {port} on {host} is in use: stop what uses it, or pick another with "
                              f"--port (e.g. --port {port + 1})") from None
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def database_url(db: str) -> str:
    if "://" in db:
        return db
    path = Path(db).expanduser().resolve()
    if not path.parent.is_dir():
        raise ConfigError(f"--db: folder {path.parent} does not exist")
    return f"sqlite:///{path}"


def start(*, host: str = "127.0.0.1", port: int = 3000, db: str = "sandbox.db", demo: bool = False,
          allow_remote: bool = False, jobs=None) -> Served:
    import uvicorn

    from bot.sandbox.clock import SandboxClock
    from bot.sandbox.demo import CLOCK_START, require_empty, seed
    from bot.sandbox.runtime import Sandbox
    from bot.sandbox.web import create_sandbox_app

    check_host(host, allow_remote)
    url = database_url(db)
    sock = bind(host, port)
    port = sock.getsockname()[1]
    sandbox = Sandbox(database_url=url, port=port, jobs=jobs, clock=SandboxClock(CLOCK_START) if demo else None)
    try:
        sandbox.start()
        if demo:
            require_empty(sandbox)
        config = uvicorn.Config(create_sandbox_app(sandbox), log_level="warning", access_log=False,
                                timeout_graceful_shutdown=1)
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="sandbox-http", daemon=True)
        thread.start()
        while not server.started and thread.is_alive():
            thread.join(0.02)
        if demo:
            seed(sandbox)
        sandbox.start_background()
    except BaseException:
        sandbox.stop()
        sock.close()
        raise
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    return Served(sandbox, server, thread, f"http://{shown}:{port}/")


def run_sandbox(**options) -> int:
    from bot.serve import stop_cleanly_on_sigterm

    stop_cleanly_on_sigterm()  # the sandbox's worker writes what Slack answered before the process goes
    served = start(**options)
    print(BANNER, flush=True)
    print(f"Open {served.url} in your browser (Ctrl-C stops the sandbox).", flush=True)
    try:
        while served.thread.is_alive():
            served.thread.join(0.5)
    finally:
        served.stop()
    return 0
