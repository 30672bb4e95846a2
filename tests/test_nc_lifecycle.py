"""The NC lifecycle through its card: each step's modal, the card kept true, the thread lines."""
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from bot.blocks.nc_modals import STEP_CALLBACK
from bot.qms.nc_rules import STATUS_LABELS
from models import AuditEvent, OutboxMessage
from tests.conftest import MANAGER
from tests.nc_support import STEP_ANSWERS, buttons, nc_flow, refusals, text_of  # noqa: F401

FULL_PATH = [  # step, who, status after, the card's buttons after
    ("investigate", "U_ALICE", "investigating", {"Plan action"}),
    ("plan", "U_BOB", "action", {"Mark done"}),
    ("done", "U_BOB", "verification", {"Verify & close", "Not effective"}),
    ("verify", MANAGER, "closed", set()),
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
        update = nc_flow.fake.ok_calls("chat.update")[-1]
        assert update.args["ts"] == nc_flow.saved(f"card:{record_id}").ts
        card = nc_flow.card(record_id)
        assert f"*Status*\\n{STATUS_LABELS[status]}" in text_of(card)
        assert set(buttons(card)) == next_buttons
        primary = [label for label, button in buttons(card).items() if button.get("style") == "primary"]
        assert primary == ([next(iter(next_buttons - {"Not effective"}))] if next_buttons else [])
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
    assert "Closed" in card_text and "Archive superseded drawings" in card_text


def test_not_effective_sends_it_back_to_action_with_the_reason(nc_flow):
    record_id = nc_flow.report()
    nc_flow.move_to(record_id, "verification")
    assert nc_flow.take(record_id, "not_effective").content in (b"", b"{}")
    nc_flow.slack.flush()
    record = nc_flow.stored(record_id)
    assert record.status == "action" and record.not_effective_reason == STEP_ANSWERS["not_effective"][
        "not_effective_reason"] and record.done_summary is None
    assert set(buttons(nc_flow.card(record_id))) == {"Mark done"}
    assert "Rev A was still there" in text_of(nc_flow.card(record_id))
    assert nc_flow.take(record_id, "done").content in (b"", b"{}")  # ...and round again
    assert nc_flow.take(record_id, "verify").content in (b"", b"{}")
    assert nc_flow.stored(record_id).status == "closed"


def test_a_manager_rejects_with_a_reason_from_the_danger_button(nc_flow):
    record_id = nc_flow.report()
    assert nc_flow.take(record_id, "reject").content in (b"", b"{}")
    nc_flow.slack.flush()
    record = nc_flow.stored(record_id)
    assert record.status == "rejected" and record.rejection_reason == "Acme asked for rev B on purpose."
    assert buttons(nc_flow.card(record_id)) == {} and "Rejected" in text_of(nc_flow.card(record_id))


def test_reject_needs_a_reason(nc_flow):
    record_id = nc_flow.report()
    body = nc_flow.take(record_id, "reject", rejection_reason=None).json()
    assert body["response_action"] == "errors" and set(body["errors"]) == {"rejection_reason"}
    assert nc_flow.stored(record_id).status == "open"


def test_a_due_date_in_the_past_is_a_modal_error_and_nothing_changes(nc_flow):
    record_id = nc_flow.report()
    nc_flow.move_to(record_id, "investigating")
    yesterday = (date.today() - timedelta(days=2)).isoformat()
    body = nc_flow.take(record_id, "plan", due_date=yesterday).json()
    assert body["response_action"] == "errors" and "past" in body["errors"]["due_date"]
    assert nc_flow.stored(record_id).status == "investigating"
    assert nc_flow.audit_actions(record_id) == ["nc.created", "nc.investigated"]
    assert nc_flow.slack.flush() == 0


@pytest.mark.parametrize("status, step, user, words", [
    ("action", "done", "U_CAROL", "Only the owner"),                       # not the owner, not a manager
    ("verification", "verify", "U_BOB", "cannot check your own work"),    # the owner verifying own work
    ("verification", "verify", "U_ALICE", "Only a manager who is not the owner"),
    ("open", "reject", "U_ALICE", "Only managers"),                       # the reporter is not a manager
    ("open", "investigate", "U_CAROL", "Only the reporter, the owner or a manager"),
    ("closed", "verify", MANAGER, "is closed"),
    ("closed", "investigate", "U_ALICE", "is closed"),
    ("rejected", "investigate", "U_ALICE", "was rejected"),
], ids=["non-owner marks done", "owner verifies own work", "non-manager verifies", "non-manager rejects",
        "stranger investigates", "closed record clicked", "old button of a closed record", "rejected record"])
def test_refusals_are_ephemeral_say_why_and_change_nothing(nc_flow, session_factory, status, step, user, words):
    record_id = nc_flow.report()
    nc_flow.move_to(record_id, status)
    opened, events = len(nc_flow.fake.ok_calls("views.open")), nc_flow.audit_actions(record_id)
    assert nc_flow.click(record_id, step, user=user).status_code == 200
    [refusal] = [r for r in nc_flow.slack.responses() if r.get("response_type") == "ephemeral"]
    assert words in refusal["text"] and refusal["replace_original"] is False
    assert len(nc_flow.fake.ok_calls("views.open")) == opened  # no modal
    assert nc_flow.audit_actions(record_id) == events and nc_flow.stored(record_id).status == status
    assert nc_flow.slack.flush() == 0


def test_the_owner_who_is_a_manager_still_cannot_verify_but_another_manager_can(nc_flow):
    record_id = nc_flow.report()
    nc_flow.take(record_id, "investigate", owner=MANAGER)
    nc_flow.take(record_id, "plan", user=MANAGER)
    nc_flow.take(record_id, "done", user=MANAGER)
    nc_flow.click(record_id, "verify", user=MANAGER)
    assert "own work" in refusals(nc_flow.slack)[-1]
    assert nc_flow.take(record_id, "verify", user="U_ADMIN").content in (b"", b"{}")  # a workspace admin
    assert nc_flow.stored(record_id).status == "closed"


def test_permission_is_checked_again_on_submit(nc_flow):
    """A modal opened by the owner cannot be submitted by someone else (a forged or replayed form)."""
    record_id = nc_flow.report()
    nc_flow.move_to(record_id, "action")
    nc_flow.click(record_id, "done", user="U_BOB")
    body = nc_flow.slack.submit(nc_flow.slack.last_view(), user="U_CAROL", **STEP_ANSWERS["done"]).json()
    assert body["response_action"] == "errors" and "Only the owner" in body["errors"]["done_summary"]
    assert nc_flow.stored(record_id).status == "action"


def test_a_modal_submitted_after_someone_else_moved_the_record_is_told_it_moved_on(nc_flow):
    record_id = nc_flow.report()
    nc_flow.move_to(record_id, "action")
    nc_flow.click(record_id, "done", user="U_BOB")
    late_view = nc_flow.slack.last_view()
    assert nc_flow.take(record_id, "done", user=MANAGER).content in (b"", b"{}")
    body = nc_flow.slack.submit(late_view, user="U_BOB", **STEP_ANSWERS["done"]).json()
    assert "moved on" in body["errors"]["done_summary"]


def test_two_people_applying_the_same_step_at_once_one_wins_one_is_told(nc_flow, session_factory):
    record_id = nc_flow.report()
    nc_flow.move_to(record_id, "action")
    views = {}
    for user in ("U_BOB", MANAGER):
        nc_flow.click(record_id, "done", user=user)
        views[user] = nc_flow.slack.last_view()
    start, answers = threading.Barrier(2), {}

    def submit(user):
        start.wait()
        answers[user] = nc_flow.slack.submit(views[user], user=user, done_summary=f"done by {user}")

    threads = [threading.Thread(target=submit, args=(user,)) for user in views]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    bodies = [answers[user].content for user in views]
    assert sorted(body in (b"", b"{}") for body in bodies) == [False, True], bodies
    loser = next(answers[user].json() for user in views if answers[user].content not in (b"", b"{}"))
    assert "moved on" in loser["errors"]["done_summary"]
    assert nc_flow.audit_actions(record_id).count("nc.marked_done") == 1
    with session_factory() as session:
        updates = session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.method == "chat.update"))
    assert updates == 3  # investigate, plan, and one done
    assert nc_flow.stored(record_id).status == "verification"


def test_each_move_is_one_audit_event_with_before_and_after(nc_flow, session_factory):
    record_id = nc_flow.report()
    nc_flow.move_to(record_id, "investigating")
    with session_factory() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "nc.investigated")).one()
    assert event.actor == "U_ALICE" and event.before == {"status": "open", "owner": None, "correction": None}
    assert event.after == {"status": "investigating", "owner": "U_BOB",
                           "correction": STEP_ANSWERS["investigate"]["correction"]}


def test_compare_and_set_refuses_the_second_writer_that_read_the_old_status(session_factory):
    """B reads 'action' while A's move is not committed yet; after A commits, B's write must not land
    (PostgreSQL: B's UPDATE waits for A's row lock, then matches no row; SQLite: B waits to begin)."""
    from datetime import datetime, timezone

    from bot.qms import nc, nc_lifecycle

    now = datetime.now(timezone.utc)
    manager = lambda: True  # noqa: E731
    with session_factory.begin() as session:
        record_id = nc.report(session, team_id="T111", reporter="U_ALICE", now=now, answers={
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
        except nc_lifecycle.Refused as refused:
            outcome["second"] = str(refused)

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
    assert "moved on" in outcome["second"]
    with session_factory() as session:
        assert nc.get(session, team_id="T111", record_id=record_id).done_summary == "U_BOB"
        assert session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "nc.marked_done")) == 1
