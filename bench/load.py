"""Shared benchmark plumbing: start a server process, fire signed requests, summarise latencies."""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.sandbox.slack import requests as sr  # noqa: E402

SECRET = "bench-secret"


def roomy_fake_slack() -> None:
    """Call before starting the fake Slack. Its stdlib server listens with a backlog of 5: past that,
    under a few dozen concurrent views.open, the kernel drops connection attempts and the client
    retries a second later, which real Slack does not make anyone do."""
    ThreadingHTTPServer.request_queue_size = 128


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


FORM = "application/x-www-form-urlencoded"


def fire(port: int, bodies: list[str], clients: int, path: str = "/slack/events",
         content_type: str | None = None) -> tuple[list[float], float]:
    """POST every body (signed as it is sent) over `clients` keep-alive connections; (latencies, seconds).
    Bodies are forms (slash commands, interactions) unless `content_type` says otherwise (events: JSON).

    The load comes from a separate process running one asyncio loop: client threads in this
    process would fight the fake Slack (and each other) for the GIL and add their own queueing
    to every latency measured."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(_fire_from_here, (port, bodies, clients, path, content_type or FORM))


def _fire_from_here(port: int, bodies: list[str], clients: int, path: str,
                    content_type: str) -> tuple[list[float], float]:
    return asyncio.run(_fire(port, bodies, clients, path, content_type))


async def _fire(port: int, bodies: list[str], clients: int, path: str,
                content_type: str) -> tuple[list[float], float]:
    latencies: list[float] = []
    cursor = iter(bodies)

    async def client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for body in cursor:  # one loop, one thread: the shared iterator needs no lock
            data = body.encode()
            headers = {"Content-Type": content_type, "Content-Length": str(len(data)),
                       **sr.signed_headers(body, SECRET)}
            head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
            started = time.perf_counter()
            writer.write(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{head}\r\n".encode() + data)
            status, length = _status_and_length(await reader.readuntil(b"\r\n\r\n"))
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                raise SystemExit(f"HTTP {status}")
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, time.perf_counter() - started


def _status_and_length(head: bytes) -> tuple[int, int]:
    lines = head.decode("latin-1").split("\r\n")
    fields = dict(line.split(":", 1) for line in lines[1:] if ":" in line)
    length = {name.strip().lower(): value.strip() for name, value in fields.items()}.get("content-length")
    if length is None:
        raise SystemExit("the server answered without a Content-Length")
    return int(lines[0].split()[1]), int(length)


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
    return command_bodies(fake, count, "help")


def command_bodies(fake, count: int, text: str) -> list[str]:
    """Signed-later `/qms <text>` bodies, each with its own trigger (live for the fake's trigger_ttl)."""
    return [sr.slash_command_body(text=text, trigger_id=fake.new_trigger_id(),
                                  response_url=fake.new_response_url()) for _ in range(count)]


def percentiles(latencies: list[float]) -> dict:
    """p50 and p99 in milliseconds."""
    ordered = sorted(latencies)
    return {"p50": statistics.median(ordered) * 1000,
            "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000}


def summary(name: str, latencies: list[float], seconds: float) -> dict:
    result = {"name": name, "rps": len(latencies) / seconds, **percentiles(latencies)}
    print(f"{name:<28} {result['rps']:8.0f} req/s   p50 {result['p50']:7.1f} ms   p99 {result['p99']:7.1f} ms")
    return result
