"""How fast does Trellis ack? Signed `/qms help` requests against `trellis serve`, next to
a bare Bolt app served the same way (best configured, and with Bolt's defaults).

    python bench/ack.py [--requests 2000] [--clients 16]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load import SECRET, fire, free_port, help_bodies, start_server, stop, summary  # noqa: E402
from bot.sandbox.slack.server import FakeSlack  # noqa: E402


def measure(name: str, args: list[str], port: int, env: dict, fake: FakeSlack, requests: int, clients: int) -> dict:
    server = start_server(args, port, env)
    try:
        fire(port, help_bodies(fake, min(200, requests)), clients)  # warm up: imports, pools, auth.test
        return summary(name, *fire(port, help_bodies(fake, requests), clients))
    finally:
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=16)
    options = parser.parse_args()
    with FakeSlack() as fake, tempfile.TemporaryDirectory() as folder:
        env = {"SLACK_BOT_TOKEN": fake.bot_token, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.base_url,
               "DATABASE_URL": f"sqlite:///{folder}/bench.db", "TRELLIS_LOG_LEVEL": "WARNING"}
        python = sys.executable
        print(f"{options.requests} signed /qms help requests, {options.clients} concurrent clients")
        runs = []
        for name, args in (
            ("bare Bolt (before response)", [python, "-m", "bench.bare_app", "{port}", "true"]),
            ("bare Bolt (Bolt defaults)", [python, "-m", "bench.bare_app", "{port}", "false"]),
            ("trellis serve", [python, "-c", "from bot.cli import main; main()", "serve", "--host", "127.0.0.1",
                               "--port", "{port}"]),
        ):
            port = free_port()
            runs.append(measure(name, [a.replace("{port}", str(port)) for a in args], port, env, fake,
                                options.requests, options.clients))
    best, trellis = runs[0], runs[-1]
    print(f"trellis / best bare app: p99 {trellis['p99'] / best['p99']:.2f}x, "
          f"p50 {trellis['p50'] / best['p50']:.2f}x, throughput {trellis['rps'] / best['rps']:.2f}x "
          f"(target: p99 within 1.2x, far under Slack's 3000 ms)")


if __name__ == "__main__":
    main()
