"""How close to bare Bolt does Trellis ack? Signed `/qms help` and `/qms nc` (which opens a modal:
views.open on the fake Slack) against `trellis serve`, next to the best bare Bolt app (bench/bare_app.py:
Bolt's own ASGI adapter under uvicorn with uvloop and httptools), both child processes started the same
way. Rounds alternate bare/trellis (ABBA) in one run; each side's figures are its median and best round.

    python bench/ack.py [--requests 1000] [--clients 16] [--rounds 6]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load import (  # noqa: E402
    SECRET,
    command_bodies,
    fire,
    free_port,
    percentiles,
    roomy_fake_slack,
    start_server,
    stop,
)
from bot.sandbox.slack.server import FakeSlack  # noqa: E402

COMMANDS = {"help": ("help", 1.2), "nc": ("nc Jig broken on line 2", 1.5)}  # name: (text, p99 target ratio)


def servers(python: str, folder: str, fake: FakeSlack) -> dict:
    env = {"SLACK_BOT_TOKEN": fake.bot_token, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.base_url,
           "DATABASE_URL": f"sqlite:///{folder}/bench.db", "TRELLIS_LOG_LEVEL": "WARNING"}
    started = {}
    for side, args in (("bare", [python, "-m", "bench.bare_app", "{port}"]),
                       ("trellis", [python, "-c", "from bot.cli import main; main()", "serve", "--host", "127.0.0.1",
                                    "--port", "{port}"])):
        port = free_port()
        started[side] = (start_server([a.replace("{port}", str(port)) for a in args], port, env), port)
    return started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000, help="per side, command and round")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=6)
    options = parser.parse_args()
    print(f"{options.requests} signed requests per side, command and round; {options.clients} concurrent clients; "
          f"{options.rounds} interleaved rounds")
    results = {(side, name): [] for side in ("bare", "trellis") for name in COMMANDS}
    roomy_fake_slack()
    with FakeSlack(trigger_ttl=3600) as fake, tempfile.TemporaryDirectory() as folder:
        started = servers(sys.executable, folder, fake)
        try:
            for _process, port in started.values():  # warm up: imports, pools, auth.test, caches
                for text, _target in COMMANDS.values():
                    fire(port, command_bodies(fake, 200, text), options.clients)
            for round_number in range(options.rounds):
                order = ("bare", "trellis") if round_number % 2 == 0 else ("trellis", "bare")
                for name, (text, _target) in COMMANDS.items():
                    for side in order:
                        latencies, _seconds = fire(started[side][1], command_bodies(fake, options.requests, text),
                                                   options.clients)
                        results[side, name].append(percentiles(latencies))
                fake.reset()  # drop the rounds' recorded calls and opened views
        finally:
            for process, _port in started.values():
                stop(process)
    report(results, options.rounds)


def report(results: dict, rounds: int) -> None:
    """Per side, the median over the rounds and, in brackets, the best round (noise from other work on
    the machine only ever adds latency)."""
    for name, (_text, target) in COMMANDS.items():
        figures = {(side, q): (statistics.median(r[q] for r in results[side, name]),
                               min(r[q] for r in results[side, name]))
                   for side in ("bare", "trellis") for q in ("p50", "p99")}
        line = "  ".join(f"{side} {q} {figures[side, q][0]:6.2f} ({figures[side, q][1]:6.2f}) ms"
                         for side in ("bare", "trellis") for q in ("p50", "p99"))
        ratios = "  ".join(f"{q} {figures['trellis', q][0] / figures['bare', q][0]:.2f}x "
                           f"({figures['trellis', q][1] / figures['bare', q][1]:.2f}x)" for q in ("p50", "p99"))
        print(f"/qms {name:<5} {line}\n           trellis / bare: {ratios}  target p99 <= {target}x  "
              f"[median of {rounds} rounds (best round)]")


if __name__ == "__main__":
    main()
