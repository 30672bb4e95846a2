"""How much does the outbox cost? Queued messages delivered against the fake Slack, next to the same
Web API calls made by bare slack-sdk, in interleaved rounds of the same run.

    python bench/outbox.py [--messages|--count 10000] [--rounds 5] [--per-record 10] [--workers 1]
                           [--database-url URL]

Messages are cards, their updates and thread lines, `--per-record` per record (one key), so the
per-record ordering and the card lookups are part of what is measured; the bare side makes the
same calls in the same order (post, update with the post's ts, reply under it). Rounds alternate
which side goes first, so a machine that gets busier or quieter during the run weighs on both.
Default database: a fresh SQLite file; pass a PostgreSQL URL (an empty database you may fill)
to measure that. Also prints the SQL statements the outbox ran per delivered message.
"""
from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from slack_sdk import WebClient  # noqa: E402
from sqlalchemy import event, func, select  # noqa: E402

from bot import migrate  # noqa: E402
from bot.db import make_engine, make_session_factory  # noqa: E402
from bot.outbox.delivery import Delivery  # noqa: E402
from bot.outbox.queue import Copy, enqueue  # noqa: E402
from bot.sandbox.slack.server import FakeSlack  # noqa: E402
from bot.slack import single_workspace  # noqa: E402
from models import OutboxMessage  # noqa: E402
from models.types import utcnow  # noqa: E402

CHANNEL = "C_QUALITY"


def _serve_fake(pipe) -> None:
    with FakeSlack() as fake:
        pipe.send((fake.bot_token, fake.base_url))
        while (command := pipe.recv()) != "stop":
            if command == "reset":
                fake.reset()
            pipe.send(len(fake.calls))


@contextmanager
def fake_slack_process():
    """The fake Slack in its own process, as Slack is: its work does not compete with ours for the GIL."""
    ours, theirs = multiprocessing.Pipe()
    process = multiprocessing.Process(target=_serve_fake, args=(theirs,), daemon=True)
    process.start()
    token, base_url = ours.recv()

    def ask(command: str) -> int:
        ours.send(command)
        return ours.recv()

    try:
        yield WebClient(token=token, base_url=base_url), ask
    finally:
        ours.send("stop")
        process.join(10)


def shape(n: int, per_record: int) -> tuple[int, int]:
    """Message n is step `step` of record `record`: 0 the card, odd an update, even a thread line."""
    return divmod(n, per_record)


def fill(session_factory, messages: int, per_record: int, *, first: int = 0) -> None:
    """Queue `messages` rows, numbered from `first`: per record a card, then alternating updates and lines."""
    now = utcnow()
    with session_factory.begin() as session:
        for n in range(first, first + messages):
            record, step = shape(n, per_record)
            key = f"NC-{record + 1}"
            card = Copy("nc", key)
            if step == 0:
                enqueue(session, team_id="T111", key=key, method="chat.postMessage",
                        args={"channel": CHANNEL, "text": f"{key} card"}, now=now, copy=card, use="save")
            elif step % 2:
                enqueue(session, team_id="T111", key=key, method="chat.update",
                        args={"text": f"{key} card v{step}"}, now=now, copy=card, use="ts")
            else:
                enqueue(session, team_id="T111", key=key, method="chat.postMessage",
                        args={"text": f"{key} line {step}"}, now=now, copy=card, use="thread_ts")


def deliver(session_factory, client: WebClient, workers: int) -> float:
    def worker():
        delivery = Delivery(session_factory, single_workspace(client))
        while delivery.run():
            pass

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def bare(client: WebClient, messages: int, per_record: int, *, first: int = 0) -> float:
    """The same calls as `fill` queues, straight through slack-sdk."""
    started = time.perf_counter()
    ts = None
    for n in range(first, first + messages):
        record, step = shape(n, per_record)
        key = f"NC-{record + 1}"
        if step == 0:
            ts = client.chat_postMessage(channel=CHANNEL, text=f"{key} card")["ts"]
        elif step % 2:
            client.chat_update(channel=CHANNEL, ts=ts, text=f"{key} card v{step}")
        else:
            client.chat_postMessage(channel=CHANNEL, thread_ts=ts, text=f"{key} line {step}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", "--count", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--per-record", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url")
    options = parser.parse_args()
    per_round = options.messages // options.rounds // options.per_record * options.per_record
    if per_round < options.per_record:
        sys.exit("--messages must cover --per-record messages in each of --rounds rounds")
    n = per_round * options.rounds
    with fake_slack_process() as (client, fake), tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{folder}/bench.db"
        migrate.upgrade(url)
        engine = make_engine(url)
        session_factory = make_session_factory(engine)
        bare(client, 200, options.per_record)  # warm up the fake and the client
        seconds, calls, statements = {"bare": 0.0, "outbox": 0.0}, 0, [0]
        counting = threading.Event()

        @event.listens_for(engine, "before_cursor_execute")
        def _count(*_):
            if counting.is_set():
                statements[0] += 1

        for round_ in range(options.rounds):
            first = round_ * per_round
            fill(session_factory, per_round, options.per_record, first=first)
            for side in (("bare", "outbox") if round_ % 2 == 0 else ("outbox", "bare")):
                fake("reset")
                if side == "bare":
                    seconds["bare"] += bare(client, per_round, options.per_record, first=first)
                    continue
                counting.set()
                seconds["outbox"] += deliver(session_factory, client, options.workers)
                counting.clear()
                calls += fake("count")
        with session_factory() as session:
            delivered = session.scalar(select(func.count()).select_from(OutboxMessage)
                                       .where(OutboxMessage.status == "delivered"))
        engine.dispose()
    print(f"{n} messages ({options.per_record} per record) in {options.rounds} interleaved rounds, "
          f"{options.workers} worker(s), {url.split(':')[0]}")
    for name, label in (("bare", "bare slack-sdk calls"), ("outbox", "outbox delivery")):
        print(f"{label + ':':33}{n / seconds[name]:8.0f} messages/s  {seconds[name] / n * 1000:6.2f} ms each")
    print(f"delivery overhead per message:   {(seconds['outbox'] - seconds['bare']) / n * 1000:6.2f} ms "
          f"({seconds['outbox'] / seconds['bare']:.2f}x the bare calls)")
    print(f"SQL statements per delivered message: {statements[0] / n:.2f}")
    if delivered != n or calls != n:
        sys.exit(f"expected {n} delivered rows and Slack calls, got {delivered} and {calls}")


if __name__ == "__main__":
    main()
