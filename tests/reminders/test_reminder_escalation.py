"""Who else hears: managers when an NC stays stale for twice stale_days, the requester when an approval waits
3 working days; new activity resets staleness; who has decided is not reminded."""
from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from bot.messages import approvals as approval_messages
from bot.qms.approvals import lifecycle as approval_lifecycle
from bot.qms.nc import lifecycle
from models import Comment, Nonconformance
from tests.reminders.conftest import TEAM, TUESDAY, days


def test_a_stale_nc_reminds_owner_and_reporter_and_after_twice_stale_days_the_managers(board):
    stale = board.nc("investigating", at=TUESDAY - days(20), reporter="U_ALICE", owner="U_BOB")
    forgotten = board.nc("open", at=TUESDAY - days(29), reporter="U_CAROL")
    board.sweep(TUESDAY)
    assert board.reminded("U_ALICE") == [stale] and board.reminded("U_BOB") == [stale]
    assert board.reminded("U_CAROL") == [forgotten]
    assert board.reminded("U_MANAGER") == [forgotten]
    assert "escalated to you" in board.dm("U_MANAGER")["blocks"][1]["text"]["text"]
    assert "escalated" not in board.dm("U_CAROL")["blocks"][1]["text"]["text"]
    escalations = [claim for claim in board.claims() if claim[4]]
    assert escalations == [("U_MANAGER", "stale_nc", forgotten, date(2026, 11, 10), True)]


def test_new_activity_a_step_or_a_kept_reply_resets_staleness(board, session_factory):
    stepped = board.nc("open", at=TUESDAY - days(20), reporter="U_ALICE")
    replied = board.nc("open", at=TUESDAY - days(20), reporter="U_CAROL")
    deleted = board.nc("open", at=TUESDAY - days(20), reporter="U_BOB")
    with session_factory.begin() as session:
        lifecycle.apply(session, team_id=TEAM, record_id=stepped, step_name="investigate", actor="U_ALICE",
                        is_manager=lambda: True, answers={"owner": "U_ALICE", "correction": "Fixed"},
                        now=TUESDAY - days(3))
        for record_id, gone in ((replied, None), (deleted, TUESDAY - days(1))):
            session.add(Comment(team_id=TEAM, record_type="nc", record_id=record_id, channel="C_QUALITY",
                                ts=f"{record_id}.1", thread_ts="1.1", author="U_ALICE", text="On it",
                                created_at=TUESDAY - days(2), deleted_at=gone))
    board.sweep(TUESDAY)
    assert board.dms("U_ALICE") == [] and board.dms("U_CAROL") == []
    assert board.reminded("U_BOB") == [deleted]  # a deleted reply is not activity
    board.sweep(TUESDAY + days(13))  # Monday, 15 days after the reply: stale again
    assert board.reminded("U_CAROL") == [replied]


def test_a_pending_approval_reminds_who_has_not_decided_after_24_hours_or_past_its_due_date(board, session_factory):
    both = board.approval(at=TUESDAY - days(2), approvers=("U_BOB", "U_CAROL"))
    overdue = board.approval(at=datetime(2026, 11, 9, 15, tzinfo=UTC), approvers=("U_ADMIN",),
                             due_on=date(2026, 11, 9))
    fresh = board.approval(at=datetime(2026, 11, 9, 15, tzinfo=UTC), approvers=("U_MANAGER",))
    with session_factory.begin() as session:
        outcome = approval_lifecycle.decide(session, team_id=TEAM, record_id=both, actor="U_BOB", approve=True,
                                            comment=None, now=TUESDAY - days(1))
        approval_messages.report_change(session, outcome, actor="U_BOB", now=TUESDAY - days(1))
    board.sweep(TUESDAY)
    assert board.dms("U_BOB") == [] and board.reminded("U_CAROL") == [both]
    assert board.reminded("U_ADMIN") == [overdue]  # past its due date before 24 h passed
    assert board.dms("U_MANAGER") == [] and fresh
    assert board.dms("U_ALICE") == []  # the requester: not yet 3 working days


def test_after_three_working_days_the_requester_hears_too_and_weekends_do_not_count(board):
    thursday = board.approval(at=datetime(2026, 11, 5, 10, tzinfo=UTC), approvers=("U_BOB",))
    friday = board.approval(at=datetime(2026, 11, 6, 10, tzinfo=UTC), approvers=("U_BOB",), requester="U_CAROL")
    board.sweep(datetime(2026, 11, 10, 9, 30, tzinfo=UTC))  # Fri, Mon and Tue until 10:00: not yet 3
    assert board.reminded("U_BOB") == [thursday, friday] and board.dms("U_ALICE") == []
    board.sweep(datetime(2026, 11, 10, 10, 30, tzinfo=UTC))
    assert board.reminded("U_ALICE") == [thursday] and board.dms("U_CAROL") == []
    assert "escalated to you" in board.dm("U_ALICE")["blocks"][1]["text"]["text"]
    board.sweep(datetime(2026, 11, 11, 10, 30, tzinfo=UTC))  # Mon, Tue, Wed
    assert board.reminded("U_CAROL") == [friday]


def test_closed_and_rejected_ncs_are_never_reminded(board, session_factory):
    board.nc("closed", at=TUESDAY - days(40), due="2026-10-10")
    board.nc("rejected", at=TUESDAY - days(40))
    board.sweep(TUESDAY)
    with session_factory() as session:
        assert len(session.scalars(select(Nonconformance)).all()) == 2
    assert board.claims() == []
