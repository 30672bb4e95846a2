"""Slack repeats deliveries (event retries, a view submission resent after a timeout): each is stored once."""
from sqlalchemy import func, select

from bot.qms import outbox
from handlers.common import delivery_key
from models import AuditEvent, Comment, Workspace
from models.types import utcnow
from tests.conftest import MANAGER, QUALITY_CHANNEL
from tests.outbox_helpers import TEAM, queue


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
    queue(session_factory, "NC-1 card", save_as="card:NC-1")
    slack.flush()
    card_ts = slack.fake.ok_calls("chat.postMessage")[0].response["ts"]
    reply = {"type": "message", "channel": QUALITY_CHANNEL, "user": "U_BOB", "text": "Jig re-calibrated",
             "ts": "1700009999.000100", "thread_ts": card_ts, "channel_type": "channel"}
    for retry_num in (None, 1, 2):
        assert slack.event(reply, event_id="Ev0RETRIED", retry_num=retry_num).status_code == 200
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == 1
    assert audit_actions(session_factory, "comment.") == ["comment.added"]


def test_inbound_keys_are_kept_for_the_retry_window_then_pruned(session_factory):
    now = utcnow()
    with session_factory.begin() as session:
        assert outbox.first_time(session, team_id=TEAM, kind="event", key="Ev1", now=now)
        assert not outbox.first_time(session, team_id=TEAM, kind="event", key="Ev1", now=now)
    with session_factory.begin() as session:  # an hour later Slack may still retry: still known
        assert outbox.forget_inbound(session, older_than=now + outbox.INBOUND_KEEP / 24 - outbox.INBOUND_KEEP) == 0
    with session_factory.begin() as session:
        assert outbox.forget_inbound(session, older_than=now + outbox.INBOUND_KEEP) == 1


def test_delivery_keys():
    assert delivery_key({"type": "event_callback", "event_id": "Ev9"}) == ("event", "Ev9")
    assert delivery_key({"type": "view_submission", "view": {"id": "V1", "hash": "1.a"}}) == ("view", "V1:1.a")
