"""What Slack says about people, cached: the ack path never waits for users.info it can do without."""
from __future__ import annotations

import threading

import pytest

from bot.qms import directory as cache
from models.types import utcnow
from tests.support.fixtures import QUALITY_CHANNEL

TEN = [f"U_MGR{n}" for n in range(10)]


@pytest.mark.settings(trellis_managers=TEN)
def test_ten_approvers_while_users_info_is_slow(flow, fake_slack, directory):
    """Named managers need no look-up: the request is stored and every approver told, without waiting."""
    for user_id in TEN:
        fake_slack.add_user(user_id)
    view = flow.open_modal()
    fake_slack.slow("users.info", 2.0)  # a margin for a loaded machine: waiting would take 2 s, not 0.9
    answered = threading.Event()

    def submit():  # straight to submit: nobody looked them up while choosing
        flow.slack.submit(view, user="U_ALICE", title="Homepage", description="v3", approvers=TEN, policy="all")
        answered.set()

    threading.Thread(target=submit).start()
    assert answered.wait(1.8), "the submission waited for users.info"
    assert flow.counts()["ApprovalRequest"] == 1
    flow.slack.flush()
    assert {call.args["channel"] for call in fake_slack.ok_calls("chat.postMessage")} >= {*TEN, QUALITY_CHANNEL}
    fake_slack.clear_failures()
    directory.drain()


def test_an_admins_click_opens_the_modal_while_users_info_is_slow(make, nc_flow, fake_slack, directory):
    """The trigger lives 3 s: a slow users.info never holds up views.open, and the submit is still checked."""
    record_id = make.nc("verification")
    fake_slack.slow("users.info", 2.0, times=1)
    nc_flow.click(record_id, "verify", user="U_ADMIN")
    assert fake_slack.ok_calls("views.open"), "the step modal did not open"
    directory.drain()  # the look-up goes on after the answer and is kept
    body = nc_flow.slack.submit(nc_flow.slack.last_view(), user="U_ADMIN", effectiveness="Checked three releases.")
    assert body.content in (b"", b"{}") and nc_flow.stored(record_id).status == "closed"


def test_user_change_events_keep_the_directory_current(slack, session_factory, directory):
    slack.event({"type": "user_change", "user": {"id": "U_BOB", "team_id": "T111", "tz": "Europe/London",
                                                  "is_admin": True, "profile": {"display_name": "bob"}}})
    with session_factory() as session:
        bob = cache.users(session, team_id="T111", user_ids=["U_BOB"])["U_BOB"]
    assert (bob.tz, bob.is_admin, bob.name) == ("Europe/London", True, "bob")
    assert slack.fake.calls_to("users.info") == []


def test_a_cached_person_is_answered_at_once_and_refreshed_when_stale(session_factory, directory, fake_slack):
    from datetime import timedelta

    with session_factory.begin() as session:
        cache.store_user(session, team_id="T111", user={"id": "U_BOB", "real_name": "Bob"},
                         now=utcnow() - timedelta(days=2))
    assert directory.user("T111", "U_BOB").real_name == "Bob"
    directory.drain()
    assert [call.args["user"] for call in fake_slack.calls_to("users.info")] == ["U_BOB"]  # refreshed behind
    assert directory.user("T111", "U_NOBODY", wait=2) .deleted  # unknown to Slack: gone


def test_a_person_is_read_from_the_database_once_while_remembered(session_factory, directory, fake_slack):
    """Every request asks whether its person is an admin: remembered in the process, not read each time;
    what this process learns (a user_change, a users.info answer) replaces it at once."""
    from sqlalchemy import event

    with session_factory.begin() as session:
        cache.store_user(session, team_id="T111", user={"id": "U_BOB", "real_name": "Bob"}, now=utcnow())
    reads = []

    def counted(_connection, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            reads.append(statement)

    engine = session_factory.kw["bind"]
    event.listen(engine, "before_cursor_execute", counted)
    try:
        assert [directory.user("T111", "U_BOB").real_name for _ in range(5)] == ["Bob"] * 5
        assert len(reads) == 1
        directory.remember_user("T111", {"id": "U_BOB", "real_name": "Robert", "is_admin": True})
        assert directory.user("T111", "U_BOB").is_admin and directory.user("T111", "U_BOB").real_name == "Robert"
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    assert fake_slack.calls_to("users.info") == []
