"""How much does the outbox cost? N queued messages delivered against the fake Slack, next to
the same number of bare `chat.postMessage` calls made by slack-sdk in the same run.

    python bench/outbox.py [--messages|--count 10000] [--per-record 10] [--workers 1] [--database-url URL]

Messages are cards, their updates and thread lines, `--per-record` per record (one key), so the
per-record ordering and the card lookups are part of what is measured. Default database: a
fresh SQLite file; pass a PostgreSQL URL (an empty database you may fill) to measure that.
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
from sqlalchemy import func, select  # noqa: E402

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


def fill(session_factory, messages: int, per_record: int) -> None:
    """Queue `messages` rows: per record a card, then alternating updates and thread lines."""
    now = utcnow()
    with session_factory.begin() as session:
        for n in range(messages):
            record, step = divmod(n, per_record)
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


def bare(client: WebClient, messages: int) -> float:
    started = time.perf_counter()
    for n in range(messages):
        client.chat_postMessage(channel=CHANNEL, text=f"bare {n}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", "--count", type=int, default=10_000)
    parser.add_argument("--per-record", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url")
    options = parser.parse_args()
    with fake_slack_process() as (client, fake), tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{folder}/bench.db"
        migrate.upgrade(url)
        engine = make_engine(url)
        session_factory = make_session_factory(engine)
        fill(session_factory, options.messages, options.per_record)
        bare(client, 200)  # warm up the fake and the client
        fake("reset")
        bare_seconds = bare(client, options.messages)
        fake("reset")
        outbox_seconds = deliver(session_factory, client, options.workers)
        with session_factory() as session:
            delivered = session.scalar(select(func.count()).select_from(OutboxMessage)
                                       .where(OutboxMessage.status == "delivered"))
        calls = fake("count")
        engine.dispose()
    n = options.messages
    print(f"{n} messages ({options.per_record} per record), {options.workers} worker(s), {url.split(':')[0]}")
    for name, seconds in (("bare slack-sdk chat.postMessage", bare_seconds), ("outbox delivery", outbox_seconds)):
        print(f"{name + ':':33}{n / seconds:8.0f} messages/s  {seconds / n * 1000:6.2f} ms each")
    print(f"delivery overhead per message:   {(outbox_seconds - bare_seconds) / n * 1000:6.2f} ms "
          f"({outbox_seconds / bare_seconds:.2f}x the bare call)")
    if delivered != n or calls != n:
        sys.exit(f"expected {n} delivered rows and Slack calls, got {delivered} and {calls}")


if __name__ == "__main__":
    main()
