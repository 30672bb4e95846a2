"""Exactly once and never stopped: two sweeps at once post once, a failing record or DM is logged and the rest
go on, the statement count does not grow with records or people, and `trellis remind`'s bad --team."""
from __future__ import annotations

import logging
import threading
from contextlib import contextmanager

from sqlalchemy import event

from bot.reminders import ReminderJob
from tests.reminders.conftest import TUESDAY, days
from tests.support.process import trellis


def test_two_sweeps_at_the_same_moment_post_each_dm_once(board, engine, session_factory):
    first = board.nc("action", at=TUESDAY - days(7), due="2026-11-05")
    second = board.nc("open", at=TUESDAY - days(30), reporter="U_CAROL")
    jobs = [ReminderJob(session_factory, board.job.defaults) for _ in range(2)]  # two instances
    start, results = threading.Barrier(2), []

    def run(job):
        start.wait()
        results.append(job.run(TUESDAY))

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    board.slack.flush()
    assert sum(result.get("T111", 0) for result in results) == 3  # U_BOB, U_CAROL, U_MANAGER: once each
    assert board.reminded("U_BOB") == [first] and board.reminded("U_CAROL") == [second]
    assert board.reminded("U_MANAGER") == [second]
    assert board.sweep(TUESDAY + days(0.01)) == {"T111": 0}  # and a rerun adds nothing


def test_a_record_that_fails_is_logged_with_its_id_and_the_sweep_goes_on(board, monkeypatch, caplog):
    from bot.qms.nc import reminders as nc_reminders

    broken = board.nc("action", at=TUESDAY - days(7), due="2026-11-04")
    fine = board.nc("action", at=TUESDAY - days(7), due="2026-11-05")
    waiting = board.approval(at=TUESDAY - days(2), approvers=("U_BOB",))
    real = nc_reminders.day_after_due

    def fails_for_the_4th(due, tz):
        if due.day == 4:
            raise ValueError("unreadable")
        return real(due, tz)

    monkeypatch.setattr(nc_reminders, "day_after_due", fails_for_the_4th)
    with caplog.at_level(logging.ERROR, logger="trellis.reminders"):
        board.sweep(TUESDAY)
    assert board.reminded("U_BOB") == [fine, waiting]
    assert any(broken in record.getMessage() for record in caplog.records)


def test_a_dm_that_cannot_be_built_is_logged_released_and_the_others_sent(board, monkeypatch, caplog):
    from bot.messages import reminders as reminder_messages

    bob = board.nc("action", at=TUESDAY - days(7), due="2026-11-05", owner="U_BOB")
    carol = board.nc("action", at=TUESDAY - days(7), due="2026-11-05", owner="U_CAROL")
    real = reminder_messages.reminder_dm

    def fails_for_bob(groups, **kwargs):
        if any(due.person == "U_BOB" for _, items in groups for due in items):
            raise RuntimeError("Slack would reject this")
        return real(groups, **kwargs)

    monkeypatch.setattr(reminder_messages, "reminder_dm", fails_for_bob)
    with caplog.at_level(logging.ERROR, logger="trellis.reminders"):
        board.sweep(TUESDAY)
    assert board.reminded("U_CAROL") == [carol] and board.dms("U_BOB") == []
    assert any("U_BOB" in record.getMessage() and bob in record.getMessage() for record in caplog.records)
    monkeypatch.setattr(reminder_messages, "reminder_dm", real)
    board.sweep(TUESDAY + days(0.01))  # released: the next sweep reminds Bob; Carol is not told twice
    assert board.reminded("U_BOB") == [bob] and board.dms("U_CAROL") == []


@contextmanager
def statements(engine):
    counted = []
    listener = lambda *args, **kwargs: counted.append(1)  # noqa: E731
    event.listen(engine, "before_execute", listener)
    try:
        yield counted
    finally:
        event.remove(engine, "before_execute", listener)


def test_the_statement_count_does_not_grow_with_records_or_people(board, engine):
    def seed(count: int, offset: int):
        for n in range(count):
            person = f"U_P{offset + n}"
            board.nc("action", at=TUESDAY - days(7), due="2026-11-05", owner=person)
            board.nc("open", at=TUESDAY - days(30), reporter=person)
            board.approval(at=TUESDAY - days(6), approvers=(person,), requester=f"U_R{offset + n}")

    seed(2, 0)
    with statements(engine) as few:
        assert board.job.run(TUESDAY) == {"T111": 5}  # two owners, two requesters, the manager
    seed(12, 100)
    with statements(engine) as many:
        assert board.job.run(TUESDAY + days(1)) == {"T111": 29}
    assert len(many) == len(few), (len(few), len(many))


def test_trellis_remind_names_an_unknown_team_in_one_line_and_exits_1(tmp_path, db_url, board):
    board.nc("action", at=TUESDAY - days(7), due="2026-11-05")
    result = trellis("remind", "--team", "T_NOPE", cwd=tmp_path, DATABASE_URL=db_url)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "trellis: unknown team 'T_NOPE': no workspace with that id uses Trellis here"]
    ran = trellis("remind", "--team", "T111", cwd=tmp_path, DATABASE_URL=db_url)
    assert ran.returncode == 0 and "T111:" in ran.stdout, ran.stderr


def test_a_dm_slack_refuses_is_that_persons_alone(board, session_factory):
    from sqlalchemy import select

    from models import OutboxMessage

    gone = board.nc("action", at=TUESDAY - days(7), due="2026-11-05", owner="U_GHOST")  # no such Slack user
    bob = board.nc("action", at=TUESDAY - days(7), due="2026-11-05", owner="U_BOB")
    assert board.sweep(TUESDAY) == {"T111": 2}
    assert board.reminded("U_BOB") == [bob]
    with session_factory() as session:
        failed = session.execute(select(OutboxMessage.args, OutboxMessage.status).where(
            OutboxMessage.key == "reminders:U_GHOST")).one()
    assert failed.status == "failed" and gone in failed.args["text"]
