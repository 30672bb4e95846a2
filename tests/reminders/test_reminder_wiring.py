"""The same sweep everywhere: the scheduler's 15-minute job, the sandbox's "Run reminders now"; and local
working hours that follow daylight-saving changes."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from bot.reminders import ReminderJob
from bot.sandbox import jobs
from bot.scheduler import build_scheduler
from tests.reminders.conftest import TUESDAY, days


def test_the_scheduler_runs_the_sweep_every_15_minutes(settings, session_factory):
    job = ReminderJob(session_factory, None)
    scheduler = build_scheduler(settings, session_factory, reconcile=lambda: None, remind=job)
    scheduled = scheduler.get_job("reminders")
    # The job runs on the leader only (bot.leader.leader_only); on SQLite this process always leads.
    assert scheduled.func.__wrapped__ is job and scheduled.trigger.interval == timedelta(minutes=15)


def test_the_sandbox_runs_the_same_job_at_its_own_clock(board, settings, session_factory):
    record = board.nc("action", at=TUESDAY - days(7), due="2026-11-05")
    run = jobs.JOBS["reminders"](SimpleNamespace(session_factory=session_factory, settings=settings))
    board.fake.clear_calls()
    assert run(TUESDAY) == {"T111": 1}
    board.slack.flush()
    assert board.reminded("U_BOB") == [record]


def test_working_hours_follow_daylight_saving_in_the_recipients_timezone(board):
    board.person("U_BOB", "America/New_York")
    record = board.nc("action", at=datetime(2026, 10, 20, tzinfo=UTC), due="2026-10-25")
    board.sweep(datetime(2026, 10, 30, 13, 5, tzinfo=UTC))  # Friday 09:05 EDT (UTC-4)
    assert board.reminded("U_BOB") == [record]
    board.sweep(datetime(2026, 11, 2, 13, 5, tzinfo=UTC))  # Monday 08:05 EST (UTC-5): clocks went back Sunday
    assert board.dms("U_BOB") == []
    board.sweep(datetime(2026, 11, 2, 14, 5, tzinfo=UTC))
    assert board.reminded("U_BOB") == [record]
