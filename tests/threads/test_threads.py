"""Review threads: human replies under a record's card are kept with the record, once."""
from datetime import UTC, datetime

from sqlalchemy import select

from bot.outbox import copies
from bot.outbox.queue import Copy
from bot.qms import threads
from models import AuditEvent, Comment
from models.outbox import DM
from tests.support.fixtures import QUALITY_CHANNEL


def reply(slack, thread_ts, *, ts="1800000000.000100", user="U_BOB", text="Checked the drive: rev B is gone.",
          channel=QUALITY_CHANNEL, **extra):
    return {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts, "thread_ts": thread_ts,
            "channel_type": "channel", **extra}


def stored(session_factory) -> list[Comment]:
    with session_factory() as session:
        return list(session.scalars(select(Comment).order_by(Comment.ts)))


def actions(session_factory) -> list[str]:
    with session_factory() as session:
        return list(session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("comment.%"))
                                    .order_by(AuditEvent.seq)))


def test_a_reply_is_stored_once_even_when_slack_retries_the_event(nc_flow, session_factory):
    record_id = nc_flow.report()
    card = nc_flow.saved(record_id)
    event = reply(nc_flow.slack, card.ts)
    for retry in (None, 1, 2):
        assert nc_flow.slack.event(event, event_id="Ev0001", retry_num=retry).status_code == 200
    [comment] = stored(session_factory)
    assert (comment.record_type, comment.record_id, comment.author, comment.text, comment.thread_ts) == (
        "nc", record_id, "U_BOB", event["text"], card.ts)
    assert comment.permalink is None  # asked of Slack after commit, never guessed
    nc_flow.slack.flush()
    assert stored(session_factory)[0].permalink == (
        f"https://example.slack.com/archives/{QUALITY_CHANNEL}/p1800000000000100")
    assert actions(session_factory) == ["comment.added"]
    # The same reply under another event id (Slack does not promise one id) is still one comment.
    nc_flow.slack.event(event, event_id="Ev0002")
    assert len(stored(session_factory)) == 1 and actions(session_factory) == ["comment.added"]


def test_an_edited_reply_updates_the_comment_and_a_deleted_one_is_marked_not_erased(nc_flow, session_factory):
    record_id = nc_flow.report()
    card = nc_flow.saved(record_id)
    nc_flow.slack.event(reply(nc_flow.slack, card.ts, text="first words"))
    edited = {"type": "message", "subtype": "message_changed", "channel": QUALITY_CHANNEL, "hidden": True,
              "ts": "1800000001.000000",
              "message": {"type": "message", "user": "U_BOB", "text": "better words", "ts": "1800000000.000100",
                          "thread_ts": card.ts, "edited": {"user": "U_BOB", "ts": "1800000001.000000"}},
              "previous_message": {"type": "message", "user": "U_BOB", "text": "first words",
                                   "ts": "1800000000.000100", "thread_ts": card.ts}}
    nc_flow.slack.event(edited)
    nc_flow.slack.event(edited)  # a retry of the edit changes nothing more
    [comment] = stored(session_factory)
    assert comment.text == "better words" and comment.edited_at is not None
    with session_factory() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "comment.edited")).one()
    assert event.before == {"text": "first words"} and event.after == {"text": "better words"}

    deleted = {"type": "message", "subtype": "message_deleted", "channel": QUALITY_CHANNEL, "hidden": True,
               "ts": "1800000002.000000", "deleted_ts": "1800000000.000100",
               "previous_message": {"type": "message", "user": "U_BOB", "text": "better words",
                                    "ts": "1800000000.000100", "thread_ts": card.ts}}
    nc_flow.slack.event(deleted)
    [comment] = stored(session_factory)
    assert comment.deleted_at is not None and comment.text == "better words"
    assert actions(session_factory) == ["comment.added", "comment.edited", "comment.deleted"]
    with session_factory() as session:
        assert len(threads.comments_for(session, team_id="T111", record_type="nc", record_id=record_id)) == 1


def test_bots_other_threads_and_plain_channel_messages_are_ignored(nc_flow, session_factory):
    record_id = nc_flow.report()
    card = nc_flow.saved(record_id)
    bot = nc_flow.fake.bot_user_id
    ignored = [
        reply(nc_flow.slack, card.ts, user=bot, bot_id=nc_flow.fake.bot_id, ts="1800000000.000001"),  # Trellis
        reply(nc_flow.slack, card.ts, user=bot, ts="1800000000.000002"),  # Trellis without bot_id
        reply(nc_flow.slack, card.ts, user="U_OTHERBOT", bot_id="B999", ts="1800000000.000003"),
        {**reply(nc_flow.slack, card.ts, ts="1800000000.000004"), "subtype": "bot_message", "user": None},
        reply(nc_flow.slack, "1700000000.999999", ts="1800000000.000005"),  # a thread that is not a card
        reply(nc_flow.slack, card.ts, channel="C_ELSEWHERE", ts="1800000000.000006"),  # same ts, other channel
        {"type": "message", "channel": QUALITY_CHANNEL, "user": "U_BOB", "text": "hi", "ts": "1800000000.000007"},
        {**reply(nc_flow.slack, card.ts, ts="1800000000.000008"), "subtype": "channel_join"},
    ]
    for number, event in enumerate(ignored):
        assert nc_flow.slack.event(event).status_code == 200, number
    # The thread lines Trellis itself posts under the card are not comments either.
    nc_flow.take(record_id, "investigate")
    nc_flow.slack.flush()
    for line in [m for m in nc_flow.fake.messages[QUALITY_CHANNEL] if m.get("thread_ts") == card.ts]:
        nc_flow.slack.event({**line, "channel": QUALITY_CHANNEL})
    assert stored(session_factory) == [] and actions(session_factory) == []


def test_replies_to_any_saved_copy_of_a_records_card_belong_to_that_record(session_factory):
    """An approver's DM copy of APR-3 is a copy like the card: the same code keeps its replies."""
    now = datetime.now(UTC)
    with session_factory.begin() as session:
        copies.remember(session, team_id="T111", copy=Copy("approval", "APR-3", DM, "U_BOB"), channel="D_BOB",
                        ts="1.5", now=now)
        comment = threads.capture_reply(session, team_id="T111", channel="D_BOB", thread_ts="1.5", ts="1.6",
                                        user="U_BOB", text="Looks fine", now=now)
        assert (comment.record_type, comment.record_id) == ("approval", "APR-3")
        assert threads.capture_reply(session, team_id="T111", channel="D_BOB", thread_ts="1.5", ts="1.6",
                                     user="U_BOB", text="Looks fine", now=now) is None
        assert threads.capture_reply(session, team_id="T111", channel="C_Q", thread_ts="2.5", ts="2.6",
                                     user="U_BOB", text="not a record", now=now) is None
        assert threads.capture_reply(session, team_id="T222", channel="D_BOB", thread_ts="1.5", ts="1.7",
                                     user="U_BOB", text="other workspace", now=now) is None
    with session_factory() as session:
        [kept] = threads.comments_for(session, team_id="T111", record_type="approval", record_id="APR-3")
    assert kept.text == "Looks fine"
