"""Shared benchmark plumbing: start a server process, fire signed requests, summarise latencies."""
from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.sandbox.slack import requests as sr  # noqa: E402

SECRET = "bench-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(args: list[str], port: int, env: dict, timeout: float = 60) -> subprocess.Popen:
    process = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited: {process.stderr.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("server did not start")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def fire(port: int, bodies: list[str], clients: int, path: str = "/slack/events") -> tuple[list[float], float]:
    """POST every body (signed now) over `clients` keep-alive connections; (latencies, seconds)."""
    latencies: list[float] = []
    lock, cursor = threading.Lock(), iter(bodies)

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                body = next(cursor, None)
            if body is None:
                break
            headers = {"Content-Type": "application/x-www-form-urlencoded", **sr.signed_headers(body, SECRET)}
            started = time.perf_counter()
            connection.request("POST", path, body=body.encode(), headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            if response.status != 200:
                raise SystemExit(f"HTTP {response.status}")
            with lock:
                latencies.append(elapsed)
        connection.close()

    return latencies, run_concurrently([client] * clients)


def run_concurrently(targets) -> float:
    """Run each callable in its own thread; the wall-clock seconds until all are done."""
    threads = [threading.Thread(target=target) for target in targets]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def help_bodies(fake, count: int) -> list[str]:
    """Signed-later `/qms help` slash-command bodies, each with its own trigger and response URL."""
    return [sr.slash_command_body(text="help", trigger_id=fake.new_trigger_id(),
                                  response_url=fake.new_response_url()) for _ in range(count)]


def summary(name: str, latencies: list[float], seconds: float) -> dict:
    ordered = sorted(latencies)
    result = {"name": name, "rps": len(ordered) / seconds, "p50": statistics.median(ordered) * 1000,
              "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000}
    print(f"{name:<28} {result['rps']:8.0f} req/s   p50 {result['p50']:7.1f} ms   p99 {result['p99']:7.1f} ms")
    return result
