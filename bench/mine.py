"""Do `/qms mine` and the Home tab stay as fast at 100k NCs as at 1k? Signed requests from 16 concurrent
clients into `trellis serve` (child processes started as bench/ack.py starts them), one server on a
database of 1k NCs and one on 100k (with 10 audit events per NC: 1M at 100k), measured in interleaved
rounds (ABBA) in one run, on SQLite and, given --postgres-url, on PostgreSQL. Per list and size: p50 and
p99 (median of the rounds, best round in brackets), statements per request (counted in this process on
the same database and app), and the 100k / 1k ratio. Target: p99 under 100 ms at 100k, within 1.5x of 1k.
`/qms help` on the same servers is the floor the machine gives a request that reads no records.

    python bench/mine.py [--scale 1] [--requests 400] [--clients 16] [--rounds 4] [--postgres-url URL]

--scale multiplies the record counts (0.01: 10 and 1,000 NCs). PostgreSQL databases are made next to
--postgres-url's (its name + _1k, _100k) and dropped afterwards.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, make_url  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from bench.load import FORM, SECRET, fire, free_port, percentiles, roomy_fake_slack, start_server, stop  # noqa: E402
from bench.records import seed  # noqa: E402
from bot import migrate  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db import make_engine  # noqa: E402
from bot.sandbox.slack import requests as sr  # noqa: E402
from bot.sandbox.slack.server import FakeSlack  # noqa: E402

SIZES = {"1k": 1_000, "100k": 100_000}
AUDIT_PER_NC = 10
PEOPLE = [f"U_P{n}" for n in range(200)]
MANAGERS = PEOPLE[:10]
P99_TARGET_MS, RATIO_TARGET = 100.0, 1.5
JSON = "application/json"


def mine_bodies(fake: FakeSlack, count: int) -> list[str]:
    return [sr.slash_command_body(text="mine", user_id=PEOPLE[n % len(PEOPLE)], trigger_id=fake.new_trigger_id(),
                                  response_url=fake.new_response_url()) for n in range(count)]


def home_bodies(fake: FakeSlack, count: int) -> list[str]:
    events = ({"type": "app_home_opened", "user": user, "channel": fake.dm_of(user), "tab": "home"}
              for user in (PEOPLE[n % len(PEOPLE)] for n in range(count)))
    return [json.dumps(sr.event_body(event)) for event in events]


def help_bodies(fake: FakeSlack, count: int) -> list[str]:
    return [sr.slash_command_body(text="help", user_id=PEOPLE[n % len(PEOPLE)], trigger_id=fake.new_trigger_id(),
                                  response_url=fake.new_response_url()) for n in range(count)]


# name: (bodies, their Content-Type). /qms help reads no records: the floor this machine gives any request.
LISTS = {"/qms mine": (mine_bodies, FORM), "Home tab": (home_bodies, JSON), "/qms help": (help_bodies, FORM)}
TARGETED = ("/qms mine", "Home tab")


def env(fake: FakeSlack, url: str) -> dict:
    return {"SLACK_BOT_TOKEN": fake.bot_token, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.base_url,
            "DATABASE_URL": url, "TRELLIS_LOG_LEVEL": "WARNING", "TRELLIS_QUALITY_CHANNEL": "C_QUALITY",
            "TRELLIS_MANAGERS": ",".join(MANAGERS)}


@contextmanager
def databases(backend: str, folder: str, postgres_url: str | None, scale: float):
    """{size: url}, each migrated and seeded; PostgreSQL's are dropped afterwards."""
    urls = {}
    for size in SIZES:
        if backend == "sqlite":
            urls[size] = f"sqlite:///{folder}/{size}.db"
        else:
            urls[size] = make_url(postgres_url).set(database=f"{make_url(postgres_url).database}_{size}") \
                .render_as_string(hide_password=False)
            _postgres(postgres_url, f'DROP DATABASE IF EXISTS "{make_url(urls[size]).database}" WITH (FORCE)',
                      f'CREATE DATABASE "{make_url(urls[size]).database}"')
    try:
        for size, url in urls.items():
            ncs = stored(size, scale)
            began = time.monotonic()
            migrate.upgrade(url)
            engine = make_engine(url)
            seed(engine, ncs=ncs, people=PEOPLE, audit_events=ncs * AUDIT_PER_NC)
            if backend == "postgresql":  # as autovacuum would soon after a load; SQLite files are never ANALYZEd
                with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                    connection.exec_driver_sql("VACUUM ANALYZE")  # statistics, and the visibility map
            engine.dispose()
            print(f"  {backend} {size}: {ncs} NCs, {ncs // 10} approval requests, {ncs * AUDIT_PER_NC} audit events "
                  f"seeded in {time.monotonic() - began:.1f} s")
        yield urls
    finally:
        if backend == "postgresql":
            for url in urls.values():
                _postgres(postgres_url, f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def stored(size: str, scale: float) -> int:
    return max(1, int(SIZES[size] * scale))


def _postgres(url: str, *statements: str) -> None:
    engine = make_engine(make_url(url).set(database="postgres").render_as_string(hide_password=False))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)
    engine.dispose()


def statements_per_request(fake: FakeSlack, url: str) -> dict[str, float]:
    """Each list's statements per request, through the same web app in this process (after a warm-up
    request per person: the workspace's settings and each person's facts are cached then)."""
    from bot.runtime import prepare
    from bot.web import create_web_app

    settings = Settings(_env_file=None, slack_bot_token=fake.bot_token, slack_signing_secret=SECRET,
                        slack_api_url=fake.base_url, database_url=url, trellis_quality_channel="C_QUALITY",
                        trellis_managers=MANAGERS)
    runtime = prepare(settings, needs=("slack_signing_secret",))
    counted = [0]
    event.listen(runtime.engine, "before_cursor_execute", lambda *_args: counted.__setitem__(0, counted[0] + 1))
    result = {}
    try:
        with TestClient(create_web_app(runtime.app, runtime.health, signing_secret=SECRET)) as client:
            for name, (bodies, content_type) in LISTS.items():
                for body in bodies(fake, len(PEOPLE)):  # warm
                    post(client, body, content_type)
                counted[0] = 0
                for body in bodies(fake, len(PEOPLE)):
                    post(client, body, content_type)
                result[name] = counted[0] / len(PEOPLE)
    finally:
        runtime.stop()
    return result


def post(client: TestClient, body: str, content_type: str) -> None:
    headers = {"Content-Type": content_type, **sr.signed_headers(body, SECRET)}
    answer = client.post("/slack/events", content=body.encode(), headers=headers)
    if answer.status_code != 200:
        raise SystemExit(f"HTTP {answer.status_code}: {answer.text[:300]}")


def measure(backend: str, fake: FakeSlack, urls: dict[str, str], options) -> None:
    counts = {size: statements_per_request(fake, url) for size, url in urls.items()}
    started = {}
    for size, url in urls.items():
        port = free_port()
        started[size] = (start_server([sys.executable, "-c", "from bot.cli import main; main()", "serve", "--host",
                                       "127.0.0.1", "--port", str(port)], port, env(fake, url)), port)
    results = {(size, name): [] for size in SIZES for name in LISTS}
    try:
        for _process, port in started.values():  # warm up: imports, pools, caches, every person's facts
            for bodies, content_type in LISTS.values():
                fire(port, bodies(fake, len(PEOPLE)), options.clients, content_type=content_type)
        for round_number in range(options.rounds):
            order = list(SIZES) if round_number % 2 == 0 else list(reversed(SIZES))
            for name, (bodies, content_type) in LISTS.items():
                for size in order:
                    latencies, _seconds = fire(started[size][1], bodies(fake, options.requests), options.clients,
                                               content_type=content_type)
                    results[size, name].append(percentiles(latencies))
            fake.clear_calls()  # the rounds' recorded calls (views.publish), not the people
    finally:
        for process, _port in started.values():
            stop(process)
    report(backend, results, counts, options.scale)


def report(backend: str, results: dict, counts: dict, scale: float) -> None:
    small, large = SIZES
    for name in LISTS:
        figures = {(size, q): (statistics.median(r[q] for r in results[size, name]),
                               min(r[q] for r in results[size, name])) for size in SIZES for q in ("p50", "p99")}
        for size in SIZES:
            print(f"  {backend:<10} {name:<9} {stored(size, scale):>6} NCs  p50 {figures[size, 'p50'][0]:7.2f} "
                  f"({figures[size, 'p50'][1]:7.2f}) ms  p99 {figures[size, 'p99'][0]:7.2f} "
                  f"({figures[size, 'p99'][1]:7.2f}) ms  {counts[size][name]:.1f} statements per request")
        ratios = {q: figures[large, q][0] / figures[small, q][0] for q in ("p50", "p99")}
        verdict = "ok" if figures[large, "p99"][0] < P99_TARGET_MS and ratios["p99"] <= RATIO_TARGET else "MISSED"
        target = f"(target p99 < {P99_TARGET_MS:.0f} ms and <= {RATIO_TARGET}x: {verdict})" if name in TARGETED \
            else "(the floor: no records read)"
        print(f"  {backend:<10} {name:<9} {large}/{small}: p50 {ratios['p50']:.2f}x  p99 {ratios['p99']:.2f}x  "
              f"{target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies the 1k / 100k NCs (and audit events)")
    parser.add_argument("--requests", type=int, default=400, help="per list, size and round")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--postgres-url", default=None, help="also on PostgreSQL (databases made beside this one)")
    options = parser.parse_args()
    print(f"{options.requests} signed requests per list, size and round; {options.clients} concurrent clients; "
          f"{options.rounds} interleaved rounds; scale {options.scale}")
    roomy_fake_slack()
    backends = ["sqlite"] + (["postgresql"] if options.postgres_url else [])
    with FakeSlack(trigger_ttl=3600) as fake, tempfile.TemporaryDirectory() as folder:
        for user in PEOPLE:
            fake.add_user(user)
        for backend in backends:
            with databases(backend, folder, options.postgres_url, options.scale) as urls:
                measure(backend, fake, urls, options)


if __name__ == "__main__":
    main()
