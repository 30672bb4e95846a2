"""Snooze 1 day / Snooze 1 week, clicked on the DM: that group waits once for that person, then the daily
cadence resumes; the DM says so in place; nobody else's reminders change."""
from __future__ import annotations

from sqlalchemy import select

from bot.blocks.ids import SNOOZE_DAY, SNOOZE_WEEK
from models import AuditEvent, ReminderSnooze
from tests.reminders.conftest import TUESDAY, days


def snooze_button(message: dict, kind: str, action_id: str) -> dict:
    group, = [block for block in message["blocks"] if block.get("block_id") == f"reminder_group:{kind}"]
    button, = [element for element in group["elements"] if element["action_id"] == action_id]
    return button


def click(board, user: str, kind: str, action_id: str, posted=None):
    channel, ts, message = posted or board.posted(user)
    button = snooze_button(message, kind, action_id)
    return board.slack.click(action_id, button["value"], user=user, channel=channel, message_ts=ts,
                             message=message, block_id=f"reminder_group:{kind}")


def test_sweep_dm_snooze_1_day_and_the_next_days_sweep_leaves_that_group_alone(board, session_factory):
    overdue = board.nc("action", at=TUESDAY - days(7), due="2026-11-05")
    stale = board.nc("open", at=TUESDAY - days(15), reporter="U_BOB")
    shared = board.nc("open", at=TUESDAY - days(15), reporter="U_ALICE", owner="U_BOB")
    board.sweep(TUESDAY)
    assert board.reminded("U_BOB") == [overdue, stale]
    assert board.reminded("U_ALICE") == [shared]

    board.clock.now = TUESDAY + days(0.1)
    posted = board.posted("U_BOB")
    board.fake.clear_calls()
    assert click(board, "U_BOB", "stale_nc", SNOOZE_DAY, posted).status_code == 200
    board.slack.flush()
    update, = [call.args for call in board.fake.ok_calls("chat.update")]
    texts = [b.get("text", {}).get("text") or b.get("elements", [{}])[0].get("text", "") for b in update["blocks"]]
    assert any("Snoozed: nonconformances with no activity (1 item) until Thu 12 Nov" in text for text in texts)
    assert [b["block_id"] for b in update["blocks"] if b["type"] == "actions"] == ["reminder_group:overdue_action"]
    with session_factory() as session:
        snoozes = session.execute(select(ReminderSnooze.person, ReminderSnooze.record_id)).all()
        event, = session.scalars(select(AuditEvent).where(AuditEvent.action == "reminder.snoozed"))
    assert snoozes == [("U_BOB", stale)]  # not `shared`: Bob was never reminded of it
    assert (event.actor, event.after["items"], event.after["kind"]) == ("U_BOB", [stale], "stale_nc")

    board.sweep(TUESDAY + days(1))  # Wednesday: the snoozed group waits, the rest does not
    assert board.reminded("U_BOB") == [overdue] and board.reminded("U_ALICE") == [shared]
    board.sweep(TUESDAY + days(2))  # Thursday: back to the daily cadence
    assert board.reminded("U_BOB") == [overdue, stale]
    board.sweep(TUESDAY + days(3))
    assert board.reminded("U_BOB") == [overdue, stale]


def test_snooze_1_week_skips_seven_days_once(board):
    overdue = board.nc("action", at=TUESDAY - days(7), due="2026-11-05")
    board.sweep(TUESDAY)
    click(board, "U_BOB", "overdue_action", SNOOZE_WEEK)
    for day in (1, 2, 3, 6, 7):
        board.sweep(TUESDAY + days(day))
        assert board.dms("U_BOB") == [], day
    board.sweep(TUESDAY + days(8))  # Wednesday next week
    assert board.reminded("U_BOB") == [overdue]


def test_a_snooze_on_a_friday_skips_monday_not_the_weekend(board):
    overdue = board.nc("action", at=TUESDAY - days(7), due="2026-11-05")
    friday = TUESDAY + days(3)
    board.sweep(friday)
    click(board, "U_BOB", "overdue_action", SNOOZE_DAY)
    board.sweep(friday + days(3))
    assert board.dms("U_BOB") == []
    board.sweep(friday + days(4))
    assert board.reminded("U_BOB") == [overdue]


def test_a_button_with_a_forged_value_changes_nothing(board, session_factory):
    board.nc("action", at=TUESDAY - days(7), due="2026-11-05")
    board.sweep(TUESDAY)
    channel, ts, message = board.posted("U_BOB")
    board.slack.click(SNOOZE_DAY, "not json", user="U_BOB", channel=channel, message_ts=ts, message=message)
    board.slack.click(SNOOZE_DAY, '{"kind": "stale_nc", "day": "2026-11-10"}', user="U_CAROL", channel=channel,
                      message_ts=ts, message=message)
    with session_factory() as session:
        assert session.scalars(select(ReminderSnooze)).all() == []
    answers = [body["text"] for body in board.slack.responses()]
    assert answers == ["This button is not one Trellis made.",
                       "Nothing to snooze: no nonconformances with no activity were reminded of in that message."]


def test_snoozing_a_group_again_moves_its_items_on_and_keeps_one_row_each(board, session_factory):
    overdue = board.nc("action", at=TUESDAY - days(7), due="2026-11-05")
    board.sweep(TUESDAY)
    posted = board.posted("U_BOB")
    assert click(board, "U_BOB", "overdue_action", SNOOZE_DAY, posted).status_code == 200
    with session_factory() as session:
        first, = session.scalars(select(ReminderSnooze.until))
    assert click(board, "U_BOB", "overdue_action", SNOOZE_WEEK, posted).status_code == 200  # an older copy
    with session_factory() as session:
        snoozes = session.execute(select(ReminderSnooze.record_id, ReminderSnooze.until)).all()
    assert [record_id for record_id, _ in snoozes] == [overdue] and snoozes[0][1] > first
