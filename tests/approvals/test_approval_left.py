"""A deleted Slack user as approver: the request says so and the requester is told."""
import pytest
from sqlalchemy import select

from models import AuditEvent
from tests.support.approvals import copies, text_of
from tests.support.fixtures import QUALITY_CHANNEL

GONE = {"deleted": "U_GONE", "unknown to Slack": "U_NOBODY"}


@pytest.mark.parametrize("gone", GONE.values(), ids=GONE.keys())
def test_a_departed_approver_is_not_asked_the_card_says_so_and_the_requester_is_told(flow, gone):
    flow.fake.add_user("U_GONE", deleted=True)
    record_id = flow.ask_and_deliver(approvers=["U_MANAGER", gone], policy="all")

    request, approvers = flow.stored(record_id)
    assert [(a.user_id, a.decision) for a in approvers] == [("U_MANAGER", "pending"), (gone, "left")]
    with flow.session_factory() as session:
        requested, = session.scalars(select(AuditEvent).where(AuditEvent.record_id == record_id))
    assert requested.after["approvers"] == ["U_MANAGER", gone] and requested.after["left_the_workspace"] == [gone]

    assert flow.posts_to(gone) == [] and flow.saved(record_id, dm=gone) is None
    for message in (*flow.posts_to(QUALITY_CHANNEL), *flow.posts_to("U_MANAGER")):
        card = text_of(message)
        assert f"<@{gone}> · has left the workspace, not asked" in card and "(0 of 1 approved)" in card
    notice, = flow.posts_to("U_ALICE")
    assert notice["text"].startswith(f"<@{gone}> left the workspace, so they were not asked to decide your "
                                     f"request *{record_id}*")
    assert "It went to <@U_MANAGER>; the request says so." in notice["text"]

    # Only the approvers who were asked count: the manager's approval completes "all".
    flow.fake.clear_calls()
    flow.click("approve", record_id, user="U_MANAGER", dm="U_MANAGER")
    assert flow.stored(record_id)[0].status == "approved"
    assert flow.slack.flush() == 4 and all(call.ok for call in flow.fake.calls)  # card, DM copy, line, notice
    for name in copies(record_id, ["U_MANAGER"]):
        card = text_of(flow.updates_of(name)[-1])
        assert "Approved by <@U_MANAGER> at" in card and f"<@{gone}> · has left the workspace" in card


def test_a_departed_approver_cannot_decide_and_is_not_listed_as_one_who_can(flow):
    flow.fake.add_user("U_GONE", deleted=True)
    record_id = flow.ask_and_deliver(approvers=["U_MANAGER", "U_GONE"])
    flow.refused_without_change(lambda: flow.click("approve", record_id, user="U_GONE"),
                                expect=f"Only the approvers named on {record_id} (<@U_MANAGER>) can decide it")


def test_with_only_departed_approvers_nothing_is_stored(flow):
    flow.fake.add_user("U_GONE", deleted=True)
    before = flow.state()
    body = flow.ask(approvers=["U_GONE", "U_NOBODY"]).json()
    assert body["errors"] == {"approvers": "Gone, The person you chose (U_NOBODY) have left the workspace. "
                                           "Choose someone else."}
    assert flow.state() == before and flow.slack.flush() == 0


def test_a_departed_approver_does_not_excuse_a_non_manager(flow):
    flow.fake.add_user("U_GONE", deleted=True)
    body = flow.ask(approvers=["U_GONE", "U_BOB"]).json()
    assert body["errors"]["approvers"].startswith("Bob is not a manager.")
