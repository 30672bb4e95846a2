"""Run the real `trellis` command in a child process, as an operator would."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

TRELLIS = [sys.executable, "-c", "from bot.cli import main; main()"]
CLEAN = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL", "DATABASE_URL")


def env(**overrides) -> dict:
    base = {key: value for key, value in os.environ.items() if key not in CLEAN and not key.startswith("TRELLIS_")}
    return {**base, "TRELLIS_LOG_LEVEL": "WARNING", **{key: str(value) for key, value in overrides.items()}}


def trellis(*args: str, cwd, timeout: float = 60, **overrides) -> subprocess.CompletedProcess:
    return subprocess.run([*TRELLIS, *args], cwd=cwd, env=env(**overrides), capture_output=True, text=True,
                          timeout=timeout)


def start(*args: str, cwd, **overrides) -> subprocess.Popen:
    # PYTHONFAULTHANDLER: a child that will not stop can be made to say where every thread is (`finish`)
    return subprocess.Popen([*TRELLIS, *args], cwd=cwd, env=env(PYTHONFAULTHANDLER=1, **overrides),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(process: subprocess.Popen, *, timeout: float = 20) -> str:
    """Wait for a stopping child and return its output. One still running after `timeout` seconds (longer
    than SQLite's busy timeout, the longest wait it has reason for) fails the test with every thread's
    stack, from faulthandler on SIGABRT."""
    try:
        return process.communicate(timeout=timeout)[0]
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)
        output = process.communicate(timeout=10)[0]
        pytest.fail(f"trellis did not stop within {timeout} s; its threads when it was aborted:\n{output[-6000:]}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_health(port: int, process) -> dict:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
            if response.status_code == 200 and response.json()["outbox"]["pending"] == 0:
                return response.json()
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            pytest.fail(f"trellis serve exited:\n{process.communicate()[0]}")
        time.sleep(0.1)
    pytest.fail("trellis serve never reported an empty outbox")
