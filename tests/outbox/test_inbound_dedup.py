"""Slack repeats deliveries (event retries, a view submission resent after a timeout): each is stored once."""
from sqlalchemy import func, select

from bot.outbox import inbound
from handlers.answers import delivery_key
from models import AuditEvent, Comment, InboundKey, Workspace
from models.types import utcnow
from tests.support.fixtures import MANAGER, QUALITY_CHANNEL
from tests.support.outbox import TEAM, card, queue


def audit_actions(session_factory, prefix: str) -> list[str]:
    with session_factory() as session:
        return list(session.scalars(select(AuditEvent.action).where(AuditEvent.action.startswith(prefix))
                                    .order_by(AuditEvent.seq)))


def test_a_view_submission_delivered_twice_is_saved_once(slack, session_factory):
    slack.command("settings", user=MANAGER)
    view = slack.last_view()
    answers = dict(managers=[MANAGER], timezone="UTC", digest_schedule="mon 09:00", processes="Sales")
    assert slack.submit(view, user=MANAGER, stale_days="7", **answers).status_code == 200
    # The same modal submitted again after Slack updated it (a new hash) is a new submission ...
    assert slack.submit(view, user=MANAGER, view_hash="2.changed", stale_days="9", **answers).status_code == 200
    # ... but Slack resending the first one (its answer was late) must not undo the second.
    response = slack.submit(view, user=MANAGER, stale_days="7", **answers)
    assert response.status_code == 200 and response.content in (b"", b"{}")
    assert audit_actions(session_factory, "settings.") == ["settings.updated", "settings.updated"]
    with session_factory() as session:
        assert session.get(Workspace, TEAM).stale_days == 9


def test_the_same_event_delivered_three_times_stores_one_comment(slack, session_factory):
    queue(session_factory, "NC-1 card", copy=card(), use="save")
    slack.flush()
    card_ts = slack.fake.ok_calls("chat.postMessage")[0].response["ts"]
    reply = {"type": "message", "channel": QUALITY_CHANNEL, "user": "U_BOB", "text": "Jig re-calibrated",
             "ts": "1700009999.000100", "thread_ts": card_ts, "channel_type": "channel"}
    for retry_num in (None, 1, 2):
        assert slack.event(reply, event_id="Ev0RETRIED", retry_num=retry_num).status_code == 200
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == 1
    assert audit_actions(session_factory, "comment.") == ["comment.added"]


def test_a_redelivered_event_id_is_recognised_by_its_id(slack, session_factory):
    """Even a retry whose body differs (it never should) is the same event to Slack: stored once."""
    queue(session_factory, "NC-1 card", copy=card(), use="save")
    slack.flush()
    card_ts = slack.fake.ok_calls("chat.postMessage")[0].response["ts"]
    reply = {"type": "message", "channel": QUALITY_CHANNEL, "user": "U_BOB", "text": "first",
             "thread_ts": card_ts, "channel_type": "channel"}
    slack.event({**reply, "ts": "1700009999.000100"}, event_id="Ev0SAME")
    slack.event({**reply, "ts": "1700009999.000200", "text": "second"}, event_id="Ev0SAME", retry_num=1)
    with session_factory() as session:
        assert [c.text for c in session.scalars(select(Comment))] == ["first"]
        assert session.get(InboundKey, (TEAM, "event", "Ev0SAME")) is not None


def test_an_event_that_failed_is_handled_when_slack_retries(slack, session_factory, monkeypatch):
    """The event's key commits with its effect: a failed first attempt leaves the retry free."""
    from bot.qms import threads

    queue(session_factory, "NC-1 card", copy=card(), use="save")
    slack.flush()
    card_ts = slack.fake.ok_calls("chat.postMessage")[0].response["ts"]
    reply = {"type": "message", "channel": QUALITY_CHANNEL, "user": "U_BOB", "text": "kept",
             "ts": "1700009999.000300", "thread_ts": card_ts, "channel_type": "channel"}
    real = threads.capture_reply
    monkeypatch.setattr(threads, "capture_reply", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("db hiccup")))
    assert slack.event(reply, event_id="Ev0FLAKY").status_code == 500  # Slack will retry
    monkeypatch.setattr(threads, "capture_reply", real)
    assert slack.event(reply, event_id="Ev0FLAKY", retry_num=1).status_code == 200
    with session_factory() as session:
        assert [c.text for c in session.scalars(select(Comment))] == ["kept"]


def test_inbound_keys_are_kept_for_the_retry_window_then_pruned(session_factory):
    now = utcnow()
    with session_factory.begin() as session:
        assert inbound.first_time(session, team_id=TEAM, kind="event", key="Ev1", now=now)
        assert not inbound.first_time(session, team_id=TEAM, kind="event", key="Ev1", now=now)
    with session_factory.begin() as session:  # an hour later Slack may still retry: still known
        assert inbound.forget(session, older_than=now + inbound.KEEP / 24 - inbound.KEEP) == 0
    with session_factory.begin() as session:
        assert inbound.forget(session, older_than=now + inbound.KEEP) == 1


def test_delivery_keys():
    assert delivery_key({"type": "event_callback", "event_id": "Ev9"}) == ("event", "Ev9")
    assert delivery_key({"type": "view_submission", "view": {"id": "V1", "hash": "1.a"}}) == ("view", "V1:1.a")
