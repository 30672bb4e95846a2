"""How fast is reporting an NC with 100k NCs already stored? Two latencies, with concurrent users:

  1. signed `/qms nc <text>`  ->  views.open reaching Slack (the modal must open within the trigger's 3 s)
  2. the modal's submission   ->  the card's chat.postMessage reaching Slack (stored, queued, delivered)

printed next to a bare Bolt app (sync, process_before_response=True) that only acks `/qms help`,
served the same way (bot.web under uvicorn, in this process) and measured in the same run.

    python bench/nc.py [--records 300] [--existing 100000] [--concurrency 8] [--database-url URL]
"""
from __future__ import annotations

import argparse
import http.client
import re
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import uvicorn  # noqa: E402
from slack_bolt import App  # noqa: E402
from slack_sdk import WebClient  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from bench.load import SECRET, fire, free_port, help_bodies, percentiles, run_concurrently, summary  # noqa: E402
from bot import migrate  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db import make_engine  # noqa: E402
from bot.runtime import prepare  # noqa: E402
from bot.sandbox.slack import requests as sr  # noqa: E402
from bot.sandbox.slack.server import FakeSlack  # noqa: E402
from bot.web import create_web_app  # noqa: E402
from models import Counter, Nonconformance  # noqa: E402

TEAM = "T111"
MARK = re.compile(r"bench-(\d+)")
STATUSES = ("open", "investigating", "action", "verification", "closed", "closed", "closed", "rejected")


class TimedFake(FakeSlack):
    """Notes when each modal (by trigger id) and each card (by its title's mark) reached Slack."""

    def __init__(self):
        super().__init__(trigger_ttl=30)
        self.arrived: dict[str, float] = {}

    def _record(self, method, args, reply, token):
        result = super()._record(method, args, reply, token)
        key = args.get("trigger_id") if method == "views.open" else None
        if method == "chat.postMessage" and not args.get("thread_ts"):
            found = MARK.search(str(args.get("text") or ""))
            key = found and f"card:{found.group(1)}"
        if key:
            with self._cond:
                self.arrived[key] = time.monotonic()
                self._cond.notify_all()
        return result

    def wait_arrival(self, key: str, timeout: float = 30) -> float:
        with self._cond:
            if not self._cond.wait_for(lambda: key in self.arrived, timeout):
                raise SystemExit(f"{key} never reached the fake Slack")
            return self.arrived[key]


def seed(url: str, existing: int) -> None:
    """Bulk-insert `existing` NCs spread over 200 people and every status; move the NC counter past them."""
    migrate.upgrade(url)
    engine = make_engine(url)
    start = datetime.now(UTC) - timedelta(days=365)
    rows = ({"team_id": TEAM, "record_id": f"NC-{n}", "title": f"Existing nonconformance {n}", "severity": "minor",
             "process": "Delivery", "source": "internal", "status": STATUSES[n % len(STATUSES)],
             "reporter": f"U_P{n % 200}", "owner": f"U_P{(n * 7) % 200}" if n % 3 else None,
             "created_at": start + timedelta(minutes=n), "updated_at": start + timedelta(minutes=n)}
            for n in range(1, existing + 1))
    with engine.begin() as connection:
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == 10_000:
                connection.execute(insert(Nonconformance), batch)
                batch = []
        if batch:
            connection.execute(insert(Nonconformance), batch)
        connection.execute(insert(Counter), [{"team_id": TEAM, "kind": "nc", "value": existing}])
    engine.dispose()


def serve(web_app) -> tuple[uvicorn.Server, int]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.01)
    return server, port


def bare_bolt(fake: FakeSlack) -> App:
    app = App(client=WebClient(token=fake.bot_token, base_url=fake.base_url), signing_secret=SECRET,
              token_verification_enabled=False, process_before_response=True)
    app.command("/qms")(lambda ack: ack("ok"))
    return app


def post(connection: http.client.HTTPConnection, body: str) -> None:
    headers = {"Content-Type": "application/x-www-form-urlencoded", **sr.signed_headers(body, SECRET)}
    connection.request("POST", "/slack/events", body=body.encode(), headers=headers)
    response = connection.getresponse()
    content = response.read()
    if response.status != 200 or b"errors" in content:
        raise SystemExit(f"HTTP {response.status}: {content[:300]!r}")


def report_flows(fake: TimedFake, port: int, records: int, concurrency: int, deliver) -> tuple[dict, float]:
    """Each user reports NCs one after another; ({measure: latencies}, seconds)."""
    timings, lock, numbers = {"modal": [], "submit ack": [], "card": []}, threading.Lock(), iter(range(records))

    def user(index: int) -> None:
        user_id, connection = f"U_BENCH{index}", http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                number = next(numbers, None)
            if number is None:
                break
            trigger = fake.new_trigger_id()
            started = time.monotonic()
            post(connection, sr.slash_command_body(text=f"nc Jig broken bench-{number}", user_id=user_id,
                                                   trigger_id=trigger, response_url=fake.new_response_url()))
            modal = fake.wait_arrival(trigger) - started
            view = next(c.response["view"] for c in fake.calls_to("views.open") if c.args["trigger_id"] == trigger)
            values = sr.input_values(view, title=f"Jig broken bench-{number}", severity="major", process="Delivery",
                                     source="internal")
            started = time.monotonic()
            post(connection, sr.interactive_body(sr.view_submission_payload(view=view, values=values,
                                                                            user_id=user_id, team_id=TEAM)))
            acked = time.monotonic() - started
            deliver()
            card = fake.wait_arrival(f"card:{number}") - started
            with lock:
                for name, value in (("modal", modal), ("submit ack", acked), ("card", card)):
                    timings[name].append(value)
        connection.close()

    return timings, run_concurrently([partial(user, index) for index in range(concurrency)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=300)
    parser.add_argument("--existing", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file in a temp folder")
    options = parser.parse_args()
    with TimedFake() as fake, tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{folder}/bench.db"
        began = time.monotonic()
        seed(url, options.existing)
        print(f"seeded {options.existing} NCs in {time.monotonic() - began:.1f} s ({url.split('://')[0]})")

        bare, bare_port = serve(create_web_app(bare_bolt(fake), lambda: {}, signing_secret=SECRET))
        fire(bare_port, help_bodies(fake, 200), options.concurrency)  # warm up
        baseline = summary("bare Bolt ack /qms help", *fire(bare_port, help_bodies(fake, 1000), options.concurrency))
        bare.should_exit = True

        settings = Settings(_env_file=None, slack_bot_token=fake.bot_token, slack_signing_secret=SECRET,
                            slack_api_url=fake.base_url, database_url=url, trellis_quality_channel="C_QUALITY",
                            trellis_managers=["U_MANAGER"])
        runtime = prepare(settings, needs=("slack_signing_secret",))
        runtime.start_background()  # the delivery worker, woken by each commit that queued a card
        deliver = (lambda: None) if getattr(runtime, "delivery", None) else _deliver_now(runtime)
        server, port = serve(create_web_app(runtime.app, runtime.health, signing_secret=SECRET))
        try:
            fire(port, help_bodies(fake, 200), options.concurrency)  # warm up
            summary("trellis ack /qms help", *fire(port, help_bodies(fake, 1000), options.concurrency))
            report_flows(fake, port, min(20, options.records), options.concurrency, deliver)  # warm up
            timings, seconds = report_flows(fake, port, options.records, options.concurrency, deliver)
        finally:
            server.should_exit = True
            runtime.stop()
    print(f"{options.records} NCs reported by {options.concurrency} concurrent users in {seconds:.1f} s "
          f"({options.records / seconds:.0f} NC/s), {options.existing} NCs already stored; latencies:")
    for name, label in (("modal", "/qms nc -> views.open"), ("submit ack", "submit -> its HTTP answer"),
                        ("card", "submit -> card postMessage")):
        result = percentiles(timings[name])
        print(f"  {label:<28} p50 {result['p50']:7.1f} ms ({result['p50'] / baseline['p50']:4.1f}x bare ack)   "
              f"p99 {result['p99']:7.1f} ms ({result['p99'] / baseline['p99']:4.1f}x bare ack)")
    print("  Slack's limit for the modal and the submit answer: 3000 ms")


def _deliver_now(runtime):
    """Before the delivery worker existed: deliver right after the submit, inside the measured time."""
    from bot.outbox.delivery import deliver_due
    from bot.slack import single_workspace

    return lambda: deliver_due(runtime.session_factory, single_workspace(runtime.client))


if __name__ == "__main__":
    main()
