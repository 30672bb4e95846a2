"""The delivery worker in real time: woken by commits, honouring Retry-After, several at once, across a restart."""
import threading
import time
from collections import defaultdict
from datetime import timedelta

import pytest

from bot.db import make_engine, make_session_factory
from bot.outbox import inbound
from bot.outbox.delivery import Backoff, Delivery, deliver_due
from bot.outbox.worker import DeliveryWorker
from models.types import utcnow
from tests.support.fixtures import SIGNING_SECRET
from tests.support.outbox import client_for, delivered_texts, queue, rows
from tests.support.process import finish, free_port, start, wait_for_health


@pytest.fixture
def worker(session_factory, fake_slack):
    running = DeliveryWorker(session_factory, client_for(fake_slack), poll=30.0, backoff=Backoff(base=0.2))
    running.attach()
    running.start()
    yield running
    running.stop()


def test_a_commit_that_queued_a_message_is_delivered_at_once(worker, session_factory, fake_slack):
    assert worker.idle.wait(5)  # the first (empty) pass is over; from now on only a commit can wake the worker
    queue(session_factory, "card")
    fake_slack.wait_for("chat.postMessage", timeout=5)  # well before the 30 s poll


def test_no_call_before_retry_after(worker, session_factory, fake_slack):
    fake_slack.fail("chat.postMessage", status=429, retry_after=1)
    queue(session_factory, "first", key="NC-1")
    queue(session_factory, "second", key="NC-2")
    fake_slack.wait_for("chat.postMessage", count=2, timeout=5)
    [limited, *after] = fake_slack.calls_to("chat.postMessage")
    assert limited.status == 429
    assert all(call.at - limited.at >= 1.0 for call in after)
    assert delivered_texts(fake_slack) == ["first", "second"]


def test_slack_recovering_while_the_worker_runs(worker, session_factory, fake_slack):
    fake_slack.fail("chat.postMessage", status=503, times=3)
    for n in range(5):
        queue(session_factory, f"line {n}")
    fake_slack.wait_for("chat.postMessage", count=5, timeout=10)
    assert delivered_texts(fake_slack) == [f"line {n}" for n in range(5)]


def test_three_workers_deliver_every_row_once_and_in_order(db_url, session_factory, fake_slack):
    keys = [f"NC-{k}" for k in range(1, 21)]
    for n in range(10):
        for key in keys:
            queue(session_factory, f"{key}/{n}", key=key)
    engines = [make_engine(db_url) for _ in range(3)]
    errors = []

    def instance(engine):
        try:
            delivery = Delivery(make_session_factory(engine), client_for(fake_slack), batch=7)
            while delivery.run():
                pass
        except Exception as exc:  # surfaced below; a thread cannot fail the test itself
            errors.append(exc)

    threads = [threading.Thread(target=instance, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for engine in engines:
        engine.dispose()
    assert not errors
    texts = delivered_texts(fake_slack)
    assert len(texts) == len(set(texts)) == 200
    by_key = defaultdict(list)
    for text in texts:
        key, n = text.split("/")
        by_key[key].append(int(n))
    assert all(sequence == list(range(10)) for sequence in by_key.values())
    assert {r.status for r in rows(session_factory)} == {"delivered"}


def test_rows_left_pending_are_delivered_by_the_next_process(tmp_path, db_url, session_factory, fake_slack):
    an_hour_ago = utcnow() - timedelta(hours=1)
    for n in range(3):
        queue(session_factory, f"pending {n}", key=f"NC-{n}", now=an_hour_ago)
    fake_slack.fail("chat.postMessage", status=503)
    assert deliver_due(session_factory, client_for(fake_slack), now=an_hour_ago) == 0  # this process gives up
    assert [r.attempts for r in rows(session_factory)] == [1, 0, 0]
    port = free_port()
    process = start("serve", "--host", "127.0.0.1", "--port", str(port), cwd=tmp_path,
                    SLACK_BOT_TOKEN=fake_slack.bot_token, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                    SLACK_API_URL=fake_slack.base_url, DATABASE_URL=db_url)
    try:
        fake_slack.wait_for("chat.postMessage", count=3, timeout=20)
        assert sorted(delivered_texts(fake_slack)) == ["pending 0", "pending 1", "pending 2"]
        health = wait_for_health(port, process)
        assert health["outbox"]["pending"] == 0 and health["outbox"]["oldest_pending_age_seconds"] is None
    finally:
        process.terminate()
        finish(process)



def test_the_runtime_client_retries_429_itself_but_the_outbox_does_not_wait_inside_a_call(session_factory,
                                                                                          fake_slack):
    """Listeners' calls go through slack-sdk's handlers (Retry-After honoured); delivery schedules its own."""
    from bot.slack import make_client, single_workspace

    client = make_client(fake_slack.bot_token, base_url=fake_slack.base_url)
    fake_slack.fail("auth.test", status=429, retry_after=1)
    started = time.monotonic()
    assert client.auth_test()["ok"] and time.monotonic() - started >= 1.0
    fake_slack.fail("chat.postMessage", status=429, retry_after=30)
    queue(session_factory, "later")
    started = time.monotonic()
    assert deliver_due(session_factory, single_workspace(client)) == 0
    assert time.monotonic() - started < 5 and [r.status for r in rows(session_factory)] == ["pending"]


def test_housekeeping_prunes_old_inbound_keys_and_delivered_rows(session_factory, fake_slack):

    now = utcnow()
    queue(session_factory, "sent long ago", now=now - timedelta(days=8))
    deliver_due(session_factory, client_for(fake_slack), now=now - timedelta(days=8))
    queue(session_factory, "still pending", key="NC-2", now=now + timedelta(days=1))
    with session_factory.begin() as session:
        inbound.first_time(session, team_id="T111", kind="event", key="Ev_OLD", now=now - inbound.KEEP * 2)
        inbound.first_time(session, team_id="T111", kind="event", key="Ev_NEW", now=now - timedelta(hours=1))
    DeliveryWorker(session_factory, client_for(fake_slack), clock=lambda: now)._housekeeping()
    assert [r.args["text"] for r in rows(session_factory)] == ["still pending"]
    with session_factory.begin() as session:
        assert not inbound.first_time(session, team_id="T111", kind="event", key="Ev_NEW", now=now)
        assert inbound.first_time(session, team_id="T111", kind="event", key="Ev_OLD", now=now)


def test_a_delivery_pass_waiting_on_slack_holds_up_no_other_transaction(session_factory, fake_slack, monkeypatch):
    """While the worker waits for Slack, listeners still read and write at once (on SQLite too,
    where this process's transactions queue on one write gate)."""
    import bot.outbox.sending

    calling, answer, real = threading.Event(), threading.Event(), bot.outbox.sending.call_slack

    def slack_that_waits(*args):
        calling.set()
        assert answer.wait(10)
        return real(*args)

    monkeypatch.setattr(bot.outbox.sending, "call_slack", slack_that_waits)
    queue(session_factory, "slow")
    delivering = threading.Thread(target=deliver_due, args=(session_factory, client_for(fake_slack)))
    delivering.start()
    assert calling.wait(5)
    listener = threading.Thread(target=queue, args=(session_factory, "from a listener"), kwargs={"key": "NC-9"})
    listener.start()
    listener.join(5)  # Slack has not answered yet: the listener's transaction must not wait for it
    stuck = listener.is_alive()
    answer.set()
    delivering.join(10)
    listener.join(10)
    assert not stuck, "a listener's transaction waited for the delivery pass's Slack call"
