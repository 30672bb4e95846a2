"""The sweep's rules at a fixed clock: one grouped DM per person, once per item and working day, the daily
cap, working hours in each recipient's timezone, weekends and the workspace's working days."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.qms import workspaces
from tests.reminders.conftest import TUESDAY, days


def test_one_dm_per_person_lists_all_their_items_grouped_with_id_age_link_and_snooze_buttons(board):
    overdue = board.nc("action", at=TUESDAY - days(7), due="2026-11-05")  # owner U_BOB
    stale = board.nc("open", at=TUESDAY - days(15), reporter="U_BOB")
    waiting = board.approval(at=TUESDAY - days(2), approvers=("U_BOB",))
    board.sweep(TUESDAY)

    message = board.dm("U_BOB")
    assert board.reminded("U_BOB") == [overdue, stale, waiting]
    assert message["text"].startswith("Reminder: 3 items need you")
    sections = [block["text"]["text"] for block in message["blocks"] if block["type"] == "section"]
    assert "*Corrective actions past their due date* (1)" in sections[1]
    assert "— 5 days · corrective action due 05 Nov" in sections[1] and "<https://" in sections[1]
    assert "*Nonconformances with no activity* (1)" in sections[2]
    assert "15 days · no activity since 26 Oct" in sections[2]
    assert "*Approvals waiting* (1)" in sections[3]
    groups = [block for block in message["blocks"] if block["type"] == "actions"]
    assert [[button["text"]["text"] for button in group["elements"]] for group in groups] == \
        [["Snooze 1 day", "Snooze 1 week"]] * 3
    assert board.dms("U_ALICE") == [] and board.dms("U_MANAGER") == []  # nothing of theirs is due yet


def test_at_most_once_per_item_and_working_day_then_again_the_next_working_day(board):
    record = board.nc("action", at=TUESDAY - days(7), due="2026-11-05")
    assert board.sweep(TUESDAY) == {"T111": 1}
    assert board.sweep(TUESDAY + days(0.01)) == {"T111": 0} and board.dms("U_BOB") == []
    board.sweep(TUESDAY + days(1))
    assert board.reminded("U_BOB") == [record]
    assert [claim[3] for claim in board.claims()] == [date(2026, 11, 10), date(2026, 11, 11)]


def test_one_dm_a_day_unless_something_new_became_due(board, swap_source):
    overdue = board.nc("action", at=TUESDAY - days(7), due="2026-11-05")
    later = board.approval(at=TUESDAY - days(0.9), approvers=("U_BOB",))  # 24 h pass at 12:24
    with swap_source(0, lambda *args, **kwargs: 1 / 0):
        board.sweep(TUESDAY)  # the NC source fails (logged; the others still asked); the approval is not due yet
    assert board.dms("U_BOB") == []
    board.sweep(TUESDAY + days(1 / 24))  # 11:00: the NC source is back
    assert board.reminded("U_BOB") == [overdue]
    with swap_source(0, lambda *args, **kwargs: 1 / 0):
        board.sweep(TUESDAY + days(2 / 24))
    board.sweep(TUESDAY + days(3 / 24))  # 13:00: the approval became due since the last DM: a second one
    assert board.reminded("U_BOB") == [later]
    board.sweep(TUESDAY + days(5 / 24))
    assert board.dms("U_BOB") == []


def test_an_item_missed_by_a_failing_source_waits_for_tomorrow_once_todays_dm_is_out(board, swap_source):
    overdue = board.nc("action", at=TUESDAY - days(7), due="2026-11-05")
    waiting = board.approval(at=TUESDAY - days(2), approvers=("U_BOB",))
    with swap_source(0, lambda *args, **kwargs: 1 / 0):
        board.sweep(TUESDAY)
    assert board.reminded("U_BOB") == [waiting]
    board.sweep(TUESDAY + days(1 / 24))  # nothing new became due: the daily cap holds
    assert board.dms("U_BOB") == []
    board.sweep(TUESDAY + days(1))
    assert board.reminded("U_BOB") == [overdue, waiting]


@pytest.mark.settings(trellis_timezone="Europe/London")
def test_reminders_come_in_each_recipients_own_working_hours(board):
    board.person("U_BOB", "America/New_York")
    board.person("U_CAROL", "Asia/Tokyo")
    bob = board.nc("action", at=TUESDAY - days(7), due="2026-11-05", owner="U_BOB")
    carol = board.nc("action", at=TUESDAY - days(7), due="2026-11-05", owner="U_CAROL")
    alice = board.nc("action", at=TUESDAY - days(7), due="2026-11-05", owner="U_ALICE")  # tz unknown: London

    at = datetime(2026, 11, 10, 8, 55, tzinfo=UTC)  # London 08:55, New York 03:55, Tokyo 17:55
    board.sweep(at)
    assert (board.dms("U_ALICE"), board.dms("U_BOB"), board.dms("U_CAROL")) == ([], [], [])
    board.sweep(at.replace(hour=9, minute=0))  # London 09:00
    assert board.reminded("U_ALICE") == [alice] and board.dms("U_BOB") == []
    board.sweep(at.replace(hour=14, minute=0))  # New York 09:00
    assert board.reminded("U_BOB") == [bob] and board.dms("U_ALICE") == []
    board.sweep(at.replace(hour=22, minute=30))  # New York 17:30: closed; Tokyo Wednesday 07:30
    assert board.dms("U_BOB") == [] and board.dms("U_CAROL") == []
    board.sweep(datetime(2026, 11, 11, 0, 15, tzinfo=UTC))  # Tokyo Wednesday 09:15
    assert board.reminded("U_CAROL") == [carol]
    assert ("U_CAROL", "overdue_action", carol, date(2026, 11, 11), False) in board.claims()


def test_no_reminders_at_the_weekend_and_the_working_days_are_a_workspace_setting(board, session_factory):
    record = board.nc("action", at=TUESDAY - days(7), due="2026-11-05")
    saturday, sunday, friday = (datetime(2026, 11, day, 10, tzinfo=UTC) for day in (14, 15, 13))
    board.sweep(saturday)
    board.sweep(sunday)
    assert board.claims() == []
    with session_factory.begin() as session:
        workspaces.update_settings(session, team_id="T111", actor="U_MANAGER", changes={"working_days": "sun-thu"},
                                   now=TUESDAY)
    board.sweep(friday)
    assert board.dms("U_BOB") == []
    board.sweep(sunday)
    assert board.reminded("U_BOB") == [record]
