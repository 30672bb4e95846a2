"""First response times in customer channels, from message events (ids and times only): a fixed clock,
an external author, replies in thread and in the channel, outside working hours, bots, colleagues only,
edits and deletions, channels that are not customer channels, and the unanswered-message reminder."""
import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot.qms import workspaces
from bot.qms.responses import reminders, rollup, stats
from bot.qms.responses.hours import Calendar
from bot.sandbox.slack import requests as sr
from models import CustomerMessage, ResponseMonth
from tests.support.fixtures import MANAGER
from tests.support.queries import Statements, count, open_settings

TEAM = "T111"
MONDAY = datetime(2030, 1, 7, tzinfo=UTC)  # a Monday


def ts(day: int, hour: int, minute: int = 0) -> str:
    """The ts of a message posted on 2030-01-(7 + day) at hour:minute UTC."""
    return f"{MONDAY.replace(day=7 + day, hour=hour, minute=minute).timestamp():.6f}"


def customer_channels(session_factory, channels=("C_ACME",), owners=None, target=None):
    with session_factory.begin() as session:
        workspaces.update_settings(session, team_id=TEAM, actor=MANAGER, now=MONDAY, changes={
            "customer_channels": list(channels), "customer_channel_owners": owners, "response_target_hours": target})


def message(slack, at: str, *, user: str = "U_EXT", channel: str = "C_ACME", thread: str | None = None, **extra):
    team = "T_ACME" if user.startswith("U_EXT") else TEAM
    event = {"type": "message", "channel": channel, "channel_type": "channel", "user": user, "team": team,
             "user_team": team, "ts": at, "text": "words Trellis never keeps", **extra}
    if thread:
        event["thread_ts"] = thread
    answer = slack.event(event)
    assert answer.status_code == 200, answer.content


def rows(session_factory) -> dict[str, CustomerMessage]:
    with session_factory() as session:
        return {row.ts: row for row in session.scalars(select(CustomerMessage))}


@pytest.fixture
def acme(slack, session_factory):
    slack.fake.add_user("U_EXT", name="jo", team_id="T_ACME")
    slack.fake.add_channel("C_ACME", name="acme-shared", is_ext_shared=True)
    customer_channels(session_factory, owners={"C_ACME": "U_BOB"})
    return slack


def test_a_reply_in_thread_answers_the_customer_in_working_seconds_and_no_text_is_kept(acme, session_factory):
    asked = ts(0, 10)
    message(acme, asked)
    message(acme, ts(0, 10, 30), user="U_EXT")  # the customer again, in the channel: waits too
    message(acme, ts(0, 11, 30), user="U_ALICE", thread=asked)
    stored = rows(session_factory)
    first = stored[asked]
    assert (first.author, first.author_team, first.answered_by, first.working_seconds) == (
        "U_EXT", "T_ACME", "U_ALICE", 90 * 60)
    assert stored[ts(0, 10, 30)].answered_at is None  # a thread reply answers its thread only
    assert not any("words" in str(value) for row in stored.values() for value in vars(row).values())


def test_a_reply_in_the_channel_outside_working_hours_counts_only_working_time(acme, session_factory):
    message(acme, ts(0, 16))          # Monday 16:00
    message(acme, ts(1, 10), user="U_BOB")   # Tuesday 10:00: 1.5 h on Monday, 1 h on Tuesday
    message(acme, ts(4, 17))          # Friday 17:00
    message(acme, ts(5, 10), user="U_BOB")   # Saturday 10:00: 0.5 h on Friday, the weekend is not working time
    stored = rows(session_factory)
    assert stored[ts(0, 16)].working_seconds == 2.5 * 3600
    assert stored[ts(4, 17)].working_seconds == 30 * 60


def test_bots_colleagues_and_other_channels_write_nothing(acme, session_factory):
    message(acme, ts(0, 10), user="UBOT", bot_id="B111")                  # Trellis itself
    message(acme, ts(0, 10, 5), user="U_INTEGRATION", bot_id="B999", subtype="bot_message")
    message(acme, ts(0, 10, 10), user="U_ALICE")                          # colleagues talking together
    message(acme, ts(0, 10, 20), user="U_BOB", thread=ts(0, 10, 10))
    message(acme, ts(0, 11), channel="C_GENERAL")                         # not a customer channel
    assert count(session_factory, CustomerMessage) == 0


def test_a_bot_does_not_answer_a_customer(acme, session_factory):
    asked = ts(0, 10)
    message(acme, asked)
    message(acme, ts(0, 10, 1), user="UBOT", bot_id="B111", thread=asked)
    assert rows(session_factory)[asked].answered_at is None


def test_edits_change_nothing_and_a_deleted_customer_message_is_not_unanswered(acme, session_factory):
    kept, deleted, tombstoned = ts(0, 9, 10), ts(0, 9, 20), ts(0, 9, 30)
    for at in (kept, deleted, tombstoned):
        message(acme, at)
    edit = {"type": "message", "subtype": "message_changed", "channel": "C_ACME", "ts": ts(0, 9, 40),
            "message": {"type": "message", "user": "U_EXT", "ts": kept, "text": "edited"}}
    acme.event(edit)
    acme.event({"type": "message", "subtype": "message_deleted", "channel": "C_ACME", "ts": ts(0, 9, 41),
                "deleted_ts": deleted})
    acme.event({**edit, "message": {"type": "message", "subtype": "tombstone", "ts": tombstoned, "text": ""}})
    stored = rows(session_factory)
    assert (stored[kept].deleted, stored[deleted].deleted, stored[tombstoned].deleted) == (False, True, True)
    with session_factory() as session:
        waiting = stats.unanswered_past(session, team_id=TEAM, calendar=Calendar(), target_hours=4,
                                        now=MONDAY.replace(hour=17))
    assert waiting == {"C_ACME": 1}


def test_a_redelivered_event_stores_once(acme, session_factory):
    event = {"type": "message", "channel": "C_ACME", "user": "U_EXT", "user_team": "T_ACME", "ts": ts(0, 10)}
    acme.event(event, event_id="Ev1")
    acme.event(event, event_id="Ev1", retry_num=1)
    assert count(session_factory, CustomerMessage) == 1


def test_an_unanswered_message_past_the_target_reminds_the_channels_owner(acme, session_factory):
    message(acme, ts(0, 9))
    with session_factory() as session:
        assert reminders.reminders_due(session, team_id=TEAM, now=MONDAY.replace(hour=12, minute=59)) == []
        [due] = reminders.reminders_due(session, team_id=TEAM, now=MONDAY.replace(hour=14))
    assert (due.person, due.kind, due.item.record_id) == ("U_BOB", "unanswered_customer", f"C_ACME/{ts(0, 9)}")
    assert due.since == MONDAY.replace(hour=13) and "5.0 working hours" in due.item.note
    message(acme, ts(0, 14, 30), user="U_ALICE", thread=ts(0, 9))
    with session_factory() as session:
        assert reminders.reminders_due(session, team_id=TEAM, now=MONDAY.replace(hour=15)) == []


def test_without_an_owner_the_managers_are_reminded(acme, session_factory):
    customer_channels(session_factory, owners=None, target=1)
    message(acme, ts(0, 9))
    with session_factory() as session:
        settings = workspaces.settings_for(session, team_id=TEAM,
                                           defaults=workspaces.WorkspaceSettings(managers=(MANAGER,)))
        [due] = reminders.reminders_due(session, team_id=TEAM, now=MONDAY.replace(hour=11), settings=settings)
    assert due.person == MANAGER


def test_median_and_90th_percentile_per_channel_in_a_fixed_number_of_statements(session_factory, engine):
    with session_factory.begin() as session:
        for channel, seconds in (("C_A", range(1, 11)), ("C_B", (100, 300))):
            for n, value in enumerate(seconds):
                moment = MONDAY.replace(hour=9, minute=n)
                session.add(CustomerMessage(team_id=TEAM, channel_id=channel, ts=f"{moment.timestamp()}",
                                            author="U_EXT", posted_at=moment, answered_at=moment,
                                            working_seconds=value * 60))
    with session_factory() as session, Statements(engine) as statements:
        found = stats.channel_times(session, team_id=TEAM, start=MONDAY, end=MONDAY.replace(day=14),
                                    channels=["C_A", "C_B", "C_C"])
        later = stats.channel_times(session, team_id=TEAM, start=MONDAY.replace(day=14), end=MONDAY.replace(day=21),
                                    channels=["C_A"])
    assert statements.count == 2
    assert found == {"C_A": stats.Times(10, 5 * 60, 9 * 60), "C_B": stats.Times(2, 100 * 60, 300 * 60)}
    assert later == {}


def test_a_manager_marks_customer_channels_with_slack_connect_ones_suggested(slack, session_factory, directory):
    slack.fake.add_channel("C_ACME", name="acme-shared", is_ext_shared=True)
    event = {"type": "message", "channel": "C_ACME", "user": "U_ALICE", "ts": ts(0, 9), "text": "hi"}
    body = {**sr.event_body(event, team_id=TEAM), "is_ext_shared_channel": True}
    assert slack.post(json.dumps(body), "application/json").status_code == 200
    directory.drain()  # Trellis asked Slack about the shared channel (conversations.info), after the ack
    assert count(session_factory, CustomerMessage) == 0  # not a customer channel yet: nothing measured
    view = open_settings(slack)
    channels = next(b for b in view["blocks"] if b.get("block_id") == "customer_channels")["element"]
    assert channels["initial_conversations"] == ["C_ACME"]
    answers = {"managers": [MANAGER], "timezone": "UTC", "digest_schedule": "mon 09:00", "stale_days": "14",
               "processes": "Sales"}
    bad = slack.submit(view, user=MANAGER, customer_channels=["C_ACME"], response_target_hours="0", **answers)
    assert "response_target_hours" in bad.json()["errors"]
    saved = slack.submit(view, user=MANAGER, customer_channels=["C_ACME"], response_target_hours="2.5",
                         feedback_scale="nps", **answers)
    assert saved.content in (b"", b"{}"), saved.content
    reopened = open_settings(slack)
    owner = next(b for b in reopened["blocks"] if b.get("block_id") == "customer_owner_C_ACME")
    assert owner["label"]["text"] == "Owner of #acme-shared"
    slack.submit(reopened, user=MANAGER, customer_channels=["C_ACME"], response_target_hours="2.5",
                 feedback_scale="nps", customer_owner_C_ACME="U_BOB", **answers)
    with session_factory() as session:
        settings = workspaces.settings_for(session, team_id=TEAM, defaults=workspaces.WorkspaceSettings())
    assert (settings.customer_channels, settings.customer_channel_owners, settings.response_target_hours,
            settings.feedback_scale) == (("C_ACME",), {"C_ACME": "U_BOB"}, 2.5, "nps")


def test_answers_are_counted_by_month_for_the_objectives_and_a_deleted_one_leaves_the_count(acme, session_factory):
    asked = ts(0, 10)
    message(acme, asked)
    message(acme, ts(0, 10, 2))
    message(acme, ts(0, 10, 45), user="U_ALICE")  # answers both in the channel: 45 and 43 minutes
    with session_factory() as session:
        counted = {(row.month.isoformat(), row.bucket): row.answered for row in session.scalars(select(ResponseMonth))}
    assert counted == {("2030-01-01", 45 * 60): 1, ("2030-01-01", 43 * 60): 1}
    acme.event({"type": "message", "subtype": "message_deleted", "channel": "C_ACME", "ts": ts(0, 11),
                "deleted_ts": asked})
    with session_factory() as session:
        assert session.get(ResponseMonth, (TEAM, date(2030, 1, 1), 45 * 60)).answered == 0
        assert rollup.medians(session, team_id=TEAM, windows=[[date(2030, 1, 1)]]) == {0: 43 * 60 + 30}
