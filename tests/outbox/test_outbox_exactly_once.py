"""Exactly once from Slack's point of view: a post whose answer came too late is found in Slack by
the identity in its metadata and adopted, not posted again (both databases, the test's clock)."""
import pytest

from bot.outbox import copies, landed
from bot.outbox.delivery import deliver_due
from models.types import utcnow
from tests.support.outbox import CHANNEL, TEAM, card, client_for, later, queue, row

ANSWER_LATE = 1.0  # seconds the fake takes to answer, after the post took effect ...
GIVE_UP = 0.5  # ... and the delivery client's timeout


def deliver(session_factory, fake, now):
    return deliver_due(session_factory, client_for(fake, timeout=GIVE_UP), now=now)


def retry_due(session_factory, message_id):
    return later(row(session_factory, message_id).next_attempt_at, seconds=1)


def cards(fake, channel=CHANNEL):
    return [m for m in fake.messages[channel] if m.get("thread_ts", m["ts"]) == m["ts"]]


def test_a_card_answered_too_late_is_adopted_and_its_update_goes_to_that_one_card(session_factory, fake_slack):
    post = queue(session_factory, "card", copy=card(), use="save")
    fake_slack.slow("chat.postMessage", ANSWER_LATE, times=1)
    now = utcnow()
    assert deliver(session_factory, fake_slack, now) == 0
    waiting = row(session_factory, post)
    assert waiting.status == "pending" and waiting.maybe_posted and "timed out" in waiting.last_error
    [landed] = cards(fake_slack)  # Slack posted it; only the answer was lost
    update = queue(session_factory, "card, investigating", method="chat.update", copy=card(), use="ts")

    assert deliver(session_factory, fake_slack, retry_due(session_factory, post)) == 2
    assert cards(fake_slack) == [{**landed, "text": "card, investigating", "edited": cards(fake_slack)[0]["edited"]}]
    assert len(fake_slack.calls_to("chat.postMessage")) == 1  # never posted again
    assert (row(session_factory, post).status, row(session_factory, update).status) == ("delivered", "delivered")
    with session_factory() as session:
        saved = copies.find(session, team_id=TEAM, copy=card())
    assert (saved.channel, saved.ts) == (CHANNEL, landed["ts"])
    [looked] = fake_slack.calls_to("conversations.history")
    assert looked.args["include_all_metadata"] == "true"
    assert float(looked.args["oldest"]) < now.timestamp() < float(landed["ts"]) + 1  # bounded by the row's age


def test_a_card_and_its_thread_line_both_answered_too_late_are_each_in_slack_once(session_factory, fake_slack):
    post = queue(session_factory, "card", copy=card(), use="save")
    queue(session_factory, "card v2", method="chat.update", copy=card(), use="ts")
    line = queue(session_factory, "Bob started the investigation", copy=card(), use="thread_ts")
    fake_slack.slow("chat.postMessage", ANSWER_LATE, times=1)
    assert deliver(session_factory, fake_slack, utcnow()) == 0
    fake_slack.slow("chat.postMessage", ANSWER_LATE, times=1)  # this time the thread line's answer is late
    assert deliver(session_factory, fake_slack, retry_due(session_factory, post)) == 2  # card adopted, update sent
    assert row(session_factory, line).maybe_posted
    assert deliver(session_factory, fake_slack, retry_due(session_factory, line)) == 1
    [landed] = cards(fake_slack)
    replies = [m for m in fake_slack.messages[CHANNEL] if m.get("thread_ts", m["ts"]) != m["ts"]]
    assert [(m["text"], m["thread_ts"]) for m in replies] == [
        ("Bob started the investigation", landed["ts"])]
    assert landed["text"] == "card v2"
    assert len(fake_slack.calls_to("chat.postMessage")) == 2
    [replies] = fake_slack.calls_to("conversations.replies")  # a reply is looked for in its thread
    assert replies.args["ts"] == landed["ts"]


def test_the_history_read_timing_out_too_still_ends_with_one_card(session_factory, fake_slack):
    post = queue(session_factory, "card", copy=card(), use="save")
    fake_slack.slow("chat.postMessage", ANSWER_LATE, times=1)
    deliver(session_factory, fake_slack, utcnow())
    fake_slack.slow("conversations.history", ANSWER_LATE, times=1)
    assert deliver(session_factory, fake_slack, retry_due(session_factory, post)) == 0
    assert row(session_factory, post).maybe_posted  # still unsure: look again next time, do not post
    assert deliver(session_factory, fake_slack, retry_due(session_factory, post)) == 1
    assert len(cards(fake_slack)) == 1 and len(fake_slack.calls_to("chat.postMessage")) == 1
    assert len(fake_slack.calls_to("conversations.history")) == 2


def test_a_dm_answered_too_late_is_looked_for_in_the_dm_channel(session_factory, fake_slack):
    dm = queue(session_factory, "Your request was approved", key="APR-1", channel="U_BOB")
    fake_slack.slow("chat.postMessage", ANSWER_LATE, times=1)
    deliver(session_factory, fake_slack, utcnow())
    assert deliver(session_factory, fake_slack, retry_due(session_factory, dm)) == 1
    [opened] = fake_slack.ok_calls("conversations.open")
    [looked] = fake_slack.calls_to("conversations.history")
    assert opened.args["users"] == "U_BOB" and looked.args["channel"] == opened.response["channel"]["id"]
    assert [m["text"] for m in fake_slack.messages[looked.args["channel"]]] == ["Your request was approved"]


@pytest.mark.parametrize("failure", [{"status": 504}, {"error": "internal_error"}], ids=["504", "internal_error"])
def test_a_post_that_may_have_failed_half_way_is_looked_for_then_posted(session_factory, fake_slack, failure):
    post = queue(session_factory, "card", copy=card(), use="save")
    fake_slack.fail("chat.postMessage", **failure)  # Slack may or may not have posted it (here: not)
    deliver(session_factory, fake_slack, utcnow())
    assert row(session_factory, post).maybe_posted
    assert deliver(session_factory, fake_slack, retry_due(session_factory, post)) == 1
    assert len(cards(fake_slack)) == 1 and len(fake_slack.calls_to("conversations.history")) == 1


def test_the_happy_path_stamps_every_post_and_reads_no_history(session_factory, fake_slack):
    post = queue(session_factory, "card", copy=card(), use="save")
    queue(session_factory, "card v2", method="chat.update", copy=card(), use="ts")
    line = queue(session_factory, "a line", copy=card(), use="thread_ts")
    mine = {"event_type": "nc_reported", "event_payload": {"record": "NC-1"}}
    theirs = queue(session_factory, "with metadata", key="NC-2", metadata=mine)
    assert deliver(session_factory, fake_slack, utcnow()) == 4
    assert not [c for c in fake_slack.calls if c.method.startswith("conversations.")]
    by_text = {m["text"]: m for m in fake_slack.messages[CHANNEL]}
    identity = {landed.ROW: post, landed.TEAM: TEAM}
    assert by_text["card v2"]["metadata"] == {"event_type": landed.EVENT_TYPE, "event_payload": identity}
    assert by_text["a line"]["metadata"]["event_payload"] == {**identity, landed.ROW: line}
    assert by_text["with metadata"]["metadata"] == {  # a caller's metadata is kept, the identity joins it
        "event_type": "nc_reported", "event_payload": {"record": "NC-1", **identity, landed.ROW: theirs}}
    assert "metadata" not in fake_slack.ok_calls("chat.update")[0].args
