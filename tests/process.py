"""Run the real `trellis` command in a child process, as an operator would."""
from __future__ import annotations

import os
import subprocess
import sys

TRELLIS = [sys.executable, "-c", "from bot.cli import main; main()"]
CLEAN = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL", "DATABASE_URL")


def env(**overrides) -> dict:
    base = {key: value for key, value in os.environ.items() if key not in CLEAN and not key.startswith("TRELLIS_")}
    return {**base, "TRELLIS_LOG_LEVEL": "WARNING", **{key: str(value) for key, value in overrides.items()}}


def trellis(*args: str, cwd, timeout: float = 60, **overrides) -> subprocess.CompletedProcess:
    return subprocess.run([*TRELLIS, *args], cwd=cwd, env=env(**overrides), capture_output=True, text=True,
                          timeout=timeout)


def start(*args: str, cwd, **overrides) -> subprocess.Popen:
    return subprocess.Popen([*TRELLIS, *args], cwd=cwd, env=env(**overrides), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
