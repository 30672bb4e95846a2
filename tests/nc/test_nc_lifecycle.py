"""The NC lifecycle through its card: each step's modal, the card kept true, the thread lines."""
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.blocks.ids import NC_STEP as STEP_CALLBACK
from bot.qms.nc.lifecycle import STEPS
from models import AuditEvent, OutboxMessage
from tests.support.fixtures import MANAGER
from tests.support.nc import STEP_ANSWERS, STEP_USERS, buttons, text_of

FULL_PATH = [  # step, who, status after, the card's buttons after
    ("investigate", "U_ALICE", "investigating", {"Plan action"}),
    ("plan", "U_BOB", "action", {"Mark done"}),
    ("done", "U_BOB", "verification", {"Verify & close", "Not effective"}),
    ("verify", MANAGER, "closed", {"Save as lesson learned"}),  # to the knowledge base
]


def test_a_record_goes_open_to_closed_with_one_audit_event_card_update_and_thread_line_per_move(nc_flow):
    record_id = nc_flow.report()
    for number, (step, user, status, next_buttons) in enumerate(FULL_PATH, 1):
        clicked = nc_flow.click(record_id, step, user=user)
        assert clicked.status_code == 200 and nc_flow.slack.responses() == []
        view = nc_flow.slack.last_view()
        assert view["callback_id"] == STEP_CALLBACK and record_id in text_of(view)
        response = nc_flow.slack.submit(view, user=user, **STEP_ANSWERS[step])
        assert response.content in (b"", b"{}"), response.content
        assert nc_flow.stored(record_id).status == status
        assert nc_flow.slack.flush() == 2
        assert len(nc_flow.fake.ok_calls("chat.update")) == number
        nc_flow.assert_card_is_true(record_id)
        assert set(buttons(nc_flow.card(record_id))) == next_buttons
        lines = nc_flow.thread(record_id)
        assert len(lines) == number and f"<@{user}>" in lines[-1] and record_id in lines[-1]
        assert "<!date^" in lines[-1]  # when
    record = nc_flow.stored(record_id)
    assert record.owner == "U_BOB" and record.correction == STEP_ANSWERS["investigate"]["correction"]
    assert record.root_cause == [STEP_ANSWERS["plan"]["why1"], STEP_ANSWERS["plan"]["why2"]]
    assert record.due_date.isoformat() == STEP_ANSWERS["plan"]["due_date"] and record.closed_at is not None
    assert record.effectiveness == STEP_ANSWERS["verify"]["effectiveness"]
    assert nc_flow.audit_actions(record_id) == [
        "nc.created", "nc.investigated", "nc.action_planned", "nc.marked_done", "nc.closed"]
    card_text = text_of(nc_flow.card(record_id))
    assert "Closed" in card_text and "Archive superseded drawings" in card_text and "*Owner*\\n<@U_BOB>" in card_text


def test_not_effective_sends_it_back_to_action_with_the_reason(make, nc_flow):
    record_id = make.nc("verification")
    assert nc_flow.take(record_id, "not_effective").content in (b"", b"{}")
    assert nc_flow.slack.flush() == 2  # the card and its thread line
    record = nc_flow.stored(record_id)
    assert record.status == "action" and record.not_effective_reason == STEP_ANSWERS["not_effective"][
        "not_effective_reason"] and record.done_summary is None
    nc_flow.assert_card_is_true(record_id)
    assert "Rev A was still there" in text_of(nc_flow.card(record_id))
    assert "not effective" in nc_flow.thread(record_id)[-1] and f"<@{MANAGER}>" in nc_flow.thread(record_id)[-1]
    assert nc_flow.take(record_id, "done").content in (b"", b"{}")  # ...and round again
    assert nc_flow.take(record_id, "verify").content in (b"", b"{}")
    assert nc_flow.slack.flush() == 4
    nc_flow.assert_card_is_true(record_id)
    assert nc_flow.stored(record_id).status == "closed"
    assert nc_flow.audit_actions(record_id) == [
        "nc.created", "nc.investigated", "nc.action_planned", "nc.marked_done", "nc.not_effective",
        "nc.marked_done", "nc.closed"]


def test_a_manager_rejects_with_a_reason_from_the_danger_button(nc_flow):
    record_id = nc_flow.report()
    assert nc_flow.take(record_id, "reject").content in (b"", b"{}")
    assert nc_flow.slack.flush() == 2
    record = nc_flow.stored(record_id)
    assert record.status == "rejected" and record.rejection_reason == "Acme asked for rev B on purpose."
    assert record.closed_at is not None
    nc_flow.assert_card_is_true(record_id)
    assert "Acme asked for rev B on purpose." in text_of(nc_flow.card(record_id))
    assert "rejected" in nc_flow.thread(record_id)[-1]
    assert nc_flow.audit_actions(record_id) == ["nc.created", "nc.rejected"]


def test_reject_needs_a_reason(nc_flow):
    record_id = nc_flow.report()
    body = nc_flow.take(record_id, "reject", rejection_reason=None).json()
    assert body["response_action"] == "errors" and set(body["errors"]) == {"rejection_reason"}
    assert nc_flow.stored(record_id).status == "open"


def test_a_due_date_in_the_past_is_a_modal_error_and_nothing_changes(make, nc_flow):
    record_id = make.nc("investigating")
    yesterday = (date.today() - timedelta(days=2)).isoformat()
    body = nc_flow.take(record_id, "plan", due_date=yesterday).json()
    assert body["response_action"] == "errors" and "past" in body["errors"]["due_date"]
    assert nc_flow.stored(record_id).status == "investigating"
    assert nc_flow.audit_actions(record_id) == ["nc.created", "nc.investigated"]
    assert nc_flow.slack.flush() == 0
    today = datetime.now(UTC).date().isoformat()  # the workspace's timezone is UTC here
    assert nc_flow.take(record_id, "plan", due_date=today).content in (b"", b"{}")
    assert nc_flow.stored(record_id).due_date.isoformat() == today


STEP_INPUTS = {  # step -> its modal's inputs (type, required), in order
    "investigate": {"owner": ("users_select", True), "correction": ("plain_text_input", True)},
    "plan": {"why1": ("plain_text_input", True), **{f"why{n}": ("plain_text_input", False) for n in range(2, 6)},
             "corrective_action": ("plain_text_input", True), "due_date": ("datepicker", True)},
    "done": {"done_summary": ("plain_text_input", True)},
    "verify": {"effectiveness": ("plain_text_input", True)},
    "not_effective": {"not_effective_reason": ("plain_text_input", True)},
    "reject": {"rejection_reason": ("plain_text_input", True)},
}


@pytest.mark.parametrize("step", STEP_INPUTS)
def test_each_steps_modal_asks_for_what_that_step_needs(make, nc_flow, step):
    record_id = make.nc(STEPS[step].source)
    nc_flow.click(record_id, step, user=STEP_USERS[step])
    view = nc_flow.slack.last_view()
    inputs = {b["block_id"]: (b["element"]["type"], not b["optional"]) for b in view["blocks"] if b["type"] == "input"}
    assert inputs == STEP_INPUTS[step] and list(inputs) == list(STEP_INPUTS[step])
    assert view["title"]["text"] == view["submit"]["text"] == STEPS[step].label


def test_two_people_applying_the_same_step_at_once_one_wins_one_is_told(nc_flow, session_factory, monkeypatch):
    """Both submissions are in flight together: each has read 'action' before either writes (a barrier in
    the handler proves the requests overlap), and on PostgreSQL both are also inside their transactions,
    past their read, before either UPDATE — so the compare-and-set itself picks the winner."""
    from bot.qms.nc import lifecycle as nc_lifecycle
    from handlers.nc import steps as nc_steps

    record_id = nc_flow.report()
    nc_flow.move_to(record_id, "action")
    views = {}
    for user in ("U_BOB", MANAGER):
        nc_flow.click(record_id, "done", user=user)
        views[user] = nc_flow.slack.last_view()
    both_read, both_in_transaction = threading.Barrier(2, timeout=10), threading.Barrier(2, timeout=10)

    def check_then_wait(*args):
        found = real_check(*args)
        both_read.wait()
        return found

    def refusal_then_wait(*args):
        reason = real_refusal(*args)
        both_in_transaction.wait()
        return reason

    real_check, real_refusal = nc_steps.check, nc_lifecycle.refusal
    monkeypatch.setattr(nc_steps, "check", check_then_wait)
    if session_factory.kw["bind"].dialect.name == "postgresql":  # SQLite lets one writer in at a time
        monkeypatch.setattr(nc_lifecycle, "refusal", refusal_then_wait)
    start, answers = threading.Barrier(2), {}

    def submit(user):
        start.wait()
        answers[user] = nc_flow.slack.submit(views[user], user=user, done_summary=f"done by {user}")

    threads = [threading.Thread(target=submit, args=(user,)) for user in views]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    bodies = {user: answers[user].content for user in views}
    assert sorted(body in (b"", b"{}") for body in bodies.values()) == [False, True], bodies
    winner = next(user for user, body in bodies.items() if body in (b"", b"{}"))
    loser = next(answers[user].json() for user, body in bodies.items() if body not in (b"", b"{}"))
    assert loser["response_action"] == "errors" and "moved on" in loser["errors"]["done_summary"]
    assert nc_flow.audit_actions(record_id).count("nc.marked_done") == 1
    with session_factory() as session:
        updates = session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.method == "chat.update"))
    assert updates == 3  # investigate, plan, and one done
    record = nc_flow.stored(record_id)
    assert (record.status, record.done_summary) == ("verification", f"done by {winner}")
    assert nc_flow.slack.flush() == 2
    nc_flow.assert_card_is_true(record_id)


def test_each_move_is_one_audit_event_with_before_and_after(make, nc_flow, session_factory):
    make.nc("investigating")
    with session_factory() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "nc.investigated")).one()
    assert event.actor == "U_ALICE" and event.before == {"status": "open", "owner": None, "correction": None}
    assert event.after == {"status": "investigating", "owner": "U_BOB",
                           "correction": STEP_ANSWERS["investigate"]["correction"]}


def test_compare_and_set_refuses_the_second_writer_that_read_the_old_status(session_factory):
    """B reads 'action' while A's move is not committed yet; after A commits, B's write must not land
    (PostgreSQL: B's UPDATE waits for A's row lock, then matches no row; SQLite: B waits to begin)."""
    from datetime import datetime

    from bot.qms.nc import lifecycle as nc_lifecycle
    from bot.qms.nc import records as nc
    from bot.qms.refusals import Refused

    now = datetime.now(UTC)
    manager = lambda: True  # noqa: E731
    with session_factory.begin() as session:
        record_id = nc.report(session, team_id="T111", reporter="U_ALICE", now=now, values={
            "title": "Late delivery", "severity": "minor", "process": "Delivery", "source": "internal"}).record_id
        for step in ("investigate", "plan"):
            nc_lifecycle.apply(session, team_id="T111", record_id=record_id, step_name=step, actor="U_ALICE",
                               is_manager=manager, answers=STEP_ANSWERS[step], now=now)

    def mark_done(actor):
        with session_factory.begin() as session:
            nc_lifecycle.apply(session, team_id="T111", record_id=record_id, step_name="done", actor=actor,
                               is_manager=manager, answers={"done_summary": actor}, now=now)

    outcome = {}

    def second():
        try:
            mark_done("U_MANAGER")
            outcome["second"] = "applied"
        except Refused as refused:
            outcome["second"] = refused.code

    first = session_factory()
    first.begin()
    nc_lifecycle.apply(first, team_id="T111", record_id=record_id, step_name="done", actor="U_BOB",
                       is_manager=manager, answers={"done_summary": "U_BOB"}, now=now)
    racer = threading.Thread(target=second)
    racer.start()
    racer.join(0.3)  # B is now blocked behind A
    first.commit()
    first.close()
    racer.join(5)
    assert outcome["second"] == "moved_on"
    with session_factory() as session:
        assert nc.get(session, team_id="T111", record_id=record_id).done_summary == "U_BOB"
        assert session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "nc.marked_done")) == 1
