"""Outbox delivery against the fake Slack, with the clock in the test's hands (both databases)."""
import logging

from bot.outbox import claims, copies
from bot.outbox.delivery import deliver_due
from models.types import utcnow
from tests.support.outbox import TEAM, card, client_for, delivered_texts, later, queue, row, rows


def deliver(session_factory, fake, now):
    return deliver_due(session_factory, client_for(fake), now=now)


def test_a_card_its_update_and_thread_line_go_out_in_order(session_factory, fake_slack):
    queue(session_factory, "card", copy=card(), use="save")
    queue(session_factory, "card, investigating", method="chat.update", copy=card(), use="ts")
    queue(session_factory, "Bob started the investigation", copy=card(), use="thread_ts")
    now = utcnow()
    assert deliver(session_factory, fake_slack, now) == 3
    [post, line] = fake_slack.ok_calls("chat.postMessage")
    [update] = fake_slack.ok_calls("chat.update")
    assert [c.method for c in fake_slack.calls] == ["chat.postMessage", "chat.update", "chat.postMessage"]
    assert update.args["ts"] == post.response["ts"] and update.args["channel"] == post.response["channel"]
    assert line.args["thread_ts"] == post.response["ts"]
    with session_factory() as session:
        found = copies.find(session, team_id=TEAM, copy=card())
    assert (found.channel, found.ts) == (post.response["channel"], post.response["ts"])
    assert {r.status for r in rows(session_factory)} == {"delivered"}
    assert deliver(session_factory, fake_slack, later(now, hours=1)) == 0  # nothing is sent twice


def test_slack_down_for_a_while_then_every_message_once_in_order(session_factory, fake_slack):
    for n in range(4):
        for key in ("NC-1", "NC-2", "APR-1"):
            queue(session_factory, f"{key}/{n}", key=key)
    now = utcnow()
    fake_slack.fail("chat.postMessage", status=503, times=3)
    waits = []
    for _ in range(3):  # each pass makes one probe call, and the whole queue waits after it
        calls_before = len(fake_slack.calls)
        assert deliver(session_factory, fake_slack, now) == 0
        assert len(fake_slack.calls) == calls_before + 1
        first = rows(session_factory)[0]
        waits.append((first.next_attempt_at - now).total_seconds())
        assert first.last_error == "HTTP 503" and first.status == "pending"
        deliver(session_factory, fake_slack, later(first.next_attempt_at, milliseconds=-1))
        assert len(fake_slack.calls) == calls_before + 1  # the whole queue waits, not just that row
        now = first.next_attempt_at
    assert 1 <= waits[0] <= 2 and 2 <= waits[1] <= 4 and 4 <= waits[2] <= 8  # exponential, with jitter
    assert deliver(session_factory, fake_slack, now) == 12
    texts = delivered_texts(fake_slack)
    assert sorted(texts) == sorted(f"{k}/{n}" for n in range(4) for k in ("NC-1", "NC-2", "APR-1"))
    for key in ("NC-1", "NC-2", "APR-1"):
        assert [t for t in texts if t.startswith(key + "/")] == [f"{key}/{n}" for n in range(4)]
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")].count(503) == 3


def test_rate_limited_method_waits_for_retry_after(session_factory, fake_slack):
    for key in ("NC-1", "NC-2", "NC-3"):
        queue(session_factory, key, key=key)
    now = utcnow()
    fake_slack.fail("chat.postMessage", status=429, retry_after=30)
    deliver(session_factory, fake_slack, now)
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [429]
    pending = [r for r in rows(session_factory) if r.method == "chat.postMessage"]
    assert all(r.next_attempt_at >= later(now, seconds=30) for r in pending)
    assert "ratelimited" in pending[0].last_error
    calls = len(fake_slack.calls_to("chat.postMessage"))
    assert deliver(session_factory, fake_slack, later(now, seconds=29)) == 0
    assert len(fake_slack.calls_to("chat.postMessage")) == calls  # not a call before the time
    assert deliver(session_factory, fake_slack, later(now, seconds=30)) == 3
    assert delivered_texts(fake_slack) == ["NC-1", "NC-2", "NC-3"]


def test_a_permanent_error_is_kept_logged_and_not_retried(session_factory, fake_slack, caplog):
    post = queue(session_factory, "card", copy=card(), use="save", channel="C_GONE")  # no such channel
    update = queue(session_factory, "card v2", method="chat.update", copy=card(), use="ts")
    now = utcnow()
    with caplog.at_level(logging.ERROR, logger="trellis.delivery"):
        assert deliver(session_factory, fake_slack, now) == 0
    assert (row(session_factory, post).status, row(session_factory, post).last_error) == ("failed", "channel_not_found")
    assert row(session_factory, update).status == "failed"
    assert "NC-1's card was never posted" in row(session_factory, update).last_error
    assert "channel_not_found" in caplog.text
    calls = len(fake_slack.calls)
    assert deliver(session_factory, fake_slack, later(now, days=1)) == 0
    assert len(fake_slack.calls) == calls
    # The operator fixed the channel: `trellis outbox retry` queues both again, in order.
    fake_slack.add_channel("C_GONE")
    with session_factory.begin() as session:
        assert claims.requeue_failed(session, now=later(now, days=1)) == 2
    assert deliver(session_factory, fake_slack, later(now, days=1)) == 2
    assert fake_slack.ok_calls("chat.update")[0].args["ts"] == fake_slack.ok_calls("chat.postMessage")[0].response["ts"]


def test_not_in_channel_joins_a_public_channel_and_posts(session_factory, fake_slack):
    """A private channel the bot is not in is invisible to it: channel_not_found, and no join."""
    fake_slack.add_channel("C_NEWQ", is_member=False)
    fake_slack.add_channel("G_SECRET", is_member=False, is_private=True)
    public = queue(session_factory, "card", channel="C_NEWQ")
    private = queue(session_factory, "card", key="NC-2", channel="G_SECRET")
    assert deliver(session_factory, fake_slack, utcnow()) == 1
    assert [call.args["channel"] for call in fake_slack.calls_to("conversations.join")] == ["C_NEWQ"]
    assert row(session_factory, public).status == "delivered"
    failed = row(session_factory, private)
    assert (failed.status, failed.last_error) == ("failed", "channel_not_found")


def test_an_update_waits_for_its_post_queued_under_another_key(session_factory, fake_slack):
    queue(session_factory, "earlier line", key="APR-1")
    queue(session_factory, "card", key="APR-1", copy=card("APR-1", dm="U_BOB"), use="save", channel="U_BOB")
    copy = queue(session_factory, "decided", key="APR-1-copies", method="chat.update",
                 copy=card("APR-1", dm="U_BOB"), use="ts")
    now = utcnow()
    fake_slack.fail("chat.postMessage", status=429, retry_after=60)
    deliver(session_factory, fake_slack, now)
    assert not fake_slack.calls_to("chat.update")
    waiting = row(session_factory, copy)
    assert waiting.status == "pending" and waiting.attempts == 0
    assert waiting.last_error == "waiting for APR-1's dm for U_BOB to be posted"
    deliver(session_factory, fake_slack, later(now, seconds=61))
    deliver(session_factory, fake_slack, later(now, seconds=90))
    [post] = [c for c in fake_slack.ok_calls("chat.postMessage") if c.args["text"] == "card"]
    [update] = fake_slack.ok_calls("chat.update")
    assert update.args["ts"] == post.response["ts"] and update.args["channel"] == post.response["channel"]


def test_a_lease_left_by_a_stopped_worker_is_taken_over_when_it_ends(session_factory, fake_slack):
    message_id = queue(session_factory, "hello")
    now = utcnow()
    with session_factory.begin() as session:
        [claimed] = claims.claim_due(session, worker="gone/1", now=now)
    assert claimed.id == message_id and not claimed.maybe_posted
    assert deliver(session_factory, fake_slack, later(now, seconds=20)) == 0  # still leased
    assert deliver(session_factory, fake_slack, later(now, seconds=31)) == 1  # its heartbeat stopped 30 s ago
    assert delivered_texts(fake_slack) == ["hello"]
    # That worker may have posted it just before it died: Slack was asked first, then it was posted once.
    [looked] = fake_slack.calls_to("conversations.history")
    assert looked.args["channel"] == "C_QUALITY" and looked.args["include_all_metadata"] == "true"
