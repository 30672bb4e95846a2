"""Replies Slack never delivered as events (Trellis was down, Slack gave up) are still kept, once."""
from __future__ import annotations

import time

from sqlalchemy import func, select

from bot.reconcile import reconcile
from models import Comment, SlackMessage
from models.types import utcnow
from tests.support.outbox import client_for
from tests.support.process import finish, free_port, start


def kept(session_factory) -> list[str]:
    with session_factory() as session:
        return list(session.scalars(select(Comment.text).order_by(Comment.ts)))


def test_missed_replies_are_kept_once_and_a_late_event_adds_nothing(make, nc_flow, session_factory, fake_slack):
    record_id = make.nc("open")
    card = nc_flow.saved(record_id)
    replies = [fake_slack.post_as("U_BOB", card.channel, f"missed {n}", thread_ts=card.ts) for n in range(3)]
    assert reconcile(session_factory, client_for(fake_slack), now=utcnow()) == 3
    assert kept(session_factory) == ["missed 0", "missed 1", "missed 2"]
    assert reconcile(session_factory, client_for(fake_slack), now=utcnow()) == 0  # from its cursor: nothing new
    late = {**replies[1], "channel": card.channel, "channel_type": "channel"}
    assert nc_flow.slack.event(late).status_code == 200  # Slack's late retry of one of them
    assert kept(session_factory) == ["missed 0", "missed 1", "missed 2"]
    fake_slack.post_as("U_CAROL", card.channel, "a new one", thread_ts=card.ts)
    assert reconcile(session_factory, client_for(fake_slack), now=utcnow()) == 1
    with session_factory() as session:
        seen = session.scalar(select(SlackMessage.replies_seen_ts).where(SlackMessage.record_id == record_id))
    assert seen == max((m["ts"] for m in fake_slack.messages[card.channel] if m.get("thread_ts")), key=float)


def test_long_threads_are_read_page_by_page_and_a_429_pauses_the_pass(make, nc_flow, session_factory, fake_slack,
                                                                     monkeypatch):
    import bot.reconcile

    monkeypatch.setattr(bot.reconcile, "PAGE", 2)
    first, second = make.nc("open"), make.nc("open")
    for record_id in (first, second):
        card = nc_flow.saved(record_id)
        for n in range(5):
            fake_slack.post_as("U_BOB", card.channel, f"{record_id} reply {n}", thread_ts=card.ts)
    fake_slack.fail("conversations.replies", status=429, retry_after=30)
    assert reconcile(session_factory, client_for(fake_slack), now=utcnow()) == 0  # paused, nothing lost
    assert reconcile(session_factory, client_for(fake_slack), now=utcnow()) == 10
    assert len(fake_slack.ok_calls("conversations.replies")) == 6  # three pages of two for each thread
    assert reconcile(session_factory, client_for(fake_slack), now=utcnow()) == 0


def test_replies_posted_while_trellis_was_stopped_are_kept_after_it_starts(tmp_path, db_url, make, nc_flow,
                                                                          session_factory, fake_slack):
    record_id = make.nc("open")
    card = nc_flow.saved(record_id)
    for n in range(2):
        fake_slack.post_as("U_BOB", card.channel, f"while down {n}", thread_ts=card.ts)
    port = free_port()
    process = start("serve", "--host", "127.0.0.1", "--port", str(port), cwd=tmp_path,
                    SLACK_BOT_TOKEN=fake_slack.bot_token, SLACK_SIGNING_SECRET="s", SLACK_API_URL=fake_slack.base_url,
                    DATABASE_URL=db_url)
    try:
        fake_slack.wait_for("conversations.replies", timeout=30)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(kept(session_factory)) < 2:
            time.sleep(0.1)
        assert kept(session_factory) == ["while down 0", "while down 1"]
    finally:
        process.terminate()
        finish(process)
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == 2
