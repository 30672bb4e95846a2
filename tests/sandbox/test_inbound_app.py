"""The fake Slack delivers to the real app as Slack does: its own posts come back as events (and are
ignored), a person's reply arrives by itself, and an event the app fails on is retried, then dropped."""
from __future__ import annotations

from sqlalchemy import select

from bot.qms import threads
from models import AuditEvent, Comment


def comments(session_factory) -> list[tuple[str, str]]:
    with session_factory() as session:
        return [(c.author, c.text) for c in session.scalars(select(Comment).order_by(Comment.ts))]


def comment_actions(session_factory) -> list[str]:
    with session_factory() as session:
        return list(session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("comment.%"))))


def by_the_app(delivery, fake) -> bool:
    event = delivery.event
    return fake.bot_user_id in (event.get("user"), (event.get("message") or {}).get("user"))


def test_the_apps_own_posts_come_back_as_events_and_only_a_persons_reply_is_kept(nc_flow, session_factory):
    slack, fake = nc_flow.slack, nc_flow.fake
    slack.deliver_events()
    record_id = nc_flow.report()                                  # the card: a message event by the app
    nc_flow.move_to(record_id, "investigating")                   # its update and a thread line: two more
    card = nc_flow.saved(record_id)
    fake.post_as("U_BOB", card.channel, "Jig re-calibrated", thread_ts=card.ts)
    slack.settle()
    own = [d for d in slack.events.deliveries if by_the_app(d, fake)]
    assert {d.event.get("subtype") for d in own} == {None, "message_changed"} and len(own) >= 3
    assert all(d.outcome == "delivered" and len(d.attempts) == 1 for d in slack.events.deliveries)
    assert comments(session_factory) == [("U_BOB", "Jig re-calibrated")]
    assert comment_actions(session_factory) == ["comment.added"]
    assert slack.late_acks == [] and slack.dropped_events == []


def test_an_event_the_app_fails_on_is_retried_and_kept_once(nc_flow, session_factory, monkeypatch):
    record_id = nc_flow.report()
    card = nc_flow.saved(record_id)
    real, failures = threads.capture_reply, []

    def flaky(*args, **kwargs):
        if not failures:
            failures.append("db hiccup")
            raise RuntimeError("db hiccup")
        return real(*args, **kwargs)

    monkeypatch.setattr(threads, "capture_reply", flaky)
    nc_flow.slack.deliver_events()
    nc_flow.fake.post_as("U_BOB", card.channel, "kept once", thread_ts=card.ts)
    nc_flow.slack.settle()
    delivery, = nc_flow.slack.events.deliveries
    assert [(a.retry_num, a.reason, a.status) for a in delivery.attempts] == [(0, None, 500), (1, "http_error", 200)]
    assert comments(session_factory) == [("U_BOB", "kept once")]


def test_an_event_the_app_always_fails_on_is_dropped_after_three_retries(nc_flow, session_factory, monkeypatch):
    record_id = nc_flow.report()
    card = nc_flow.saved(record_id)
    monkeypatch.setattr(threads, "capture_reply", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("down")))
    nc_flow.slack.deliver_events()
    nc_flow.fake.post_as("U_BOB", card.channel, "lost", thread_ts=card.ts)
    nc_flow.slack.settle()
    dropped, = nc_flow.slack.dropped_events
    assert [a.status for a in dropped.attempts] == [500] * 4
    assert comments(session_factory) == []
