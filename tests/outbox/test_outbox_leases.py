"""Leases: a working instance renews them, a restarted one takes its own back at once, and each
process has its own stable name (both databases)."""
import threading
from datetime import timedelta

import pytest

import bot.outbox.sending
from bot.outbox import claims, instance
from bot.outbox.delivery import Delivery
from bot.outbox.worker import DeliveryWorker
from models.types import utcnow
from tests.support.outbox import card, client_for, delivered_texts, queue, row


class HeldCalls:
    """Holds every Slack call the outbox makes until the test lets it go."""

    def __init__(self, monkeypatch):
        self.calling, self.go, self.real = threading.Semaphore(0), threading.Semaphore(0), bot.outbox.sending.call_slack
        monkeypatch.setattr(bot.outbox.sending, "call_slack", self._held)

    def _held(self, *args):
        self.calling.release()
        assert self.go.acquire(timeout=10)
        return self.real(*args)

    def next_call(self) -> None:
        assert self.calling.acquire(timeout=10), "the outbox made no call"

    def answer(self) -> None:
        self.go.release()


def test_a_working_instance_renews_its_leases_so_no_one_takes_its_rows(session_factory, fake_slack, monkeypatch):
    ids = [queue(session_factory, f"card {n}", key=f"NC-{n}") for n in range(3)]
    start = utcnow()
    clock = [start]
    held = HeldCalls(monkeypatch)
    working = threading.Thread(target=Delivery(session_factory, client_for(fake_slack), clock=lambda: clock[0]).run)
    working.start()
    held.next_call()  # the first card is on its way; the batch was leased until start + 30 s
    clock[0] = start + timedelta(seconds=25)
    held.answer()
    held.next_call()  # before its next call the worker renewed the rest of its batch
    assert [row(session_factory, i).claimed_until for i in ids[1:]] == [start + timedelta(seconds=55)] * 2
    other = Delivery(session_factory, client_for(fake_slack))
    assert other.run(now=start + timedelta(seconds=40)) == 0  # past the first lease, yet still held
    held.answer()
    held.next_call()
    held.answer()
    working.join(10)
    assert delivered_texts(fake_slack) == ["card 0", "card 1", "card 2"]


def test_a_restarted_instance_takes_back_its_own_leases_at_once(session_factory, fake_slack):
    mine = queue(session_factory, "card", copy=card(), use="save")
    theirs = queue(session_factory, "someone else's", key="NC-2")
    now = utcnow()
    with session_factory.begin() as session:  # leased before a crash: by this instance, and by a live other one
        claims.claim_due(session, worker="host-a:0/dead", now=now, limit=1)
        claims.claim_due(session, worker="host-b:0/live", now=now)
    worker = DeliveryWorker(session_factory, client_for(fake_slack), worker="host-a:0", poll=30.0)
    worker.start()
    try:
        fake_slack.wait_for("chat.postMessage", timeout=5)  # now, not when the 30 s lease runs out
        assert worker.idle.wait(5)
    finally:
        worker.stop()
    assert row(session_factory, mine).status == "delivered"
    left = row(session_factory, theirs)
    assert left.status == "pending" and left.claimed_by == "host-b:0/live"
    assert len(fake_slack.calls_to("conversations.history")) == 1  # it may have been sent before the crash


def test_each_process_has_its_own_name_and_a_restart_gets_the_same_one(engine):
    first = instance.take(engine, host="web-1")
    second = instance.take(engine, host="web-1")
    try:
        assert (first.name, second.name) == ("web-1:0", "web-1:1")
        first.release()  # that process stopped (or died)
        again = instance.take(engine, host="web-1")
        assert again.name == "web-1:0"
        again.release()
    finally:
        first.release()
        second.release()


@pytest.mark.parametrize("prefix", ["web_1", "web%1"])
def test_reclaiming_matches_the_instance_name_exactly(session_factory, prefix):
    message_id = queue(session_factory, "card")
    now = utcnow()
    with session_factory.begin() as session:
        claims.claim_due(session, worker="web-1:0/abc", now=now)
        assert claims.reclaim_own(session, instance=prefix.replace("1", "1:0"), now=now) == 0
        assert claims.reclaim_own(session, instance="web-1:0", now=now) == 1
    assert row(session_factory, message_id).claimed_until == now
