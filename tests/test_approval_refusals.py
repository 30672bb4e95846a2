"""Who may decide: only a named approver, once. Everyone else is told why and nothing changes."""
import threading

import pytest

from bot.qms import approvals
from models import ApprovalApprover
from tests.approval_steps import flow  # noqa: F401


def refused_without_change(flow, action, *, expect: str) -> None:
    """Run a click (or submit) that must be refused: one ephemeral answer, no stored or queued change."""
    before = flow.counts()
    flow.fake.clear_calls()
    action()
    assert flow.counts() == before
    refusal, = flow.refusals()
    assert expect in refusal, refusal
    assert flow.slack.flush() == 0 and flow.fake.calls_to("views.open") == []


def test_a_stranger_cannot_approve_reject_or_cancel(flow):
    record_id = flow.ask_and_deliver()
    refused_without_change(flow, lambda: flow.click("approve", record_id, user="U_CAROL"),
                           expect=f"Only the approvers named on {record_id} (<@U_MANAGER>) can decide it")
    refused_without_change(flow, lambda: flow.click("reject", record_id, user="U_CAROL"),
                           expect="Only the approvers named")
    refused_without_change(flow, lambda: flow.click("cancel", record_id, user="U_CAROL"),
                           expect=f"Only <@U_ALICE> (who asked) or a manager can cancel {record_id}")
    assert flow.stored(record_id)[0].status == "pending"


def test_the_requester_never_decides_their_own_request_even_if_named(flow):
    record_id = flow.ask_and_deliver()
    request, _ = flow.stored(record_id)
    with flow.session_factory.begin() as session:  # named somehow, e.g. by an import
        session.add(ApprovalApprover(request_id=request.id, user_id="U_ALICE", team_id="T111", position=1,
                                     name="Alice"))
    for button in ("approve", "reject"):
        refused_without_change(flow, lambda: flow.click(button, record_id, user="U_ALICE"),
                               expect=f"You asked for {record_id}, so you cannot decide it")


def test_a_second_click_and_clicks_on_a_decided_request_are_told_it_is_decided(flow):
    record_id = flow.ask_and_deliver(approvers=["U_MANAGER", "U_ADMIN"])
    flow.click("approve", record_id, user="U_MANAGER", copy=":dm:U_MANAGER")
    flow.slack.flush()
    refused_without_change(flow, lambda: flow.click("approve", record_id, user="U_MANAGER", copy=":dm:U_MANAGER"),
                           expect=f"{record_id} is already decided: :white_check_mark: *Approved by <@U_MANAGER>")
    refused_without_change(flow, lambda: flow.click("approve", record_id, user="U_ADMIN", copy=":dm:U_ADMIN"),
                           expect="is already decided")
    refused_without_change(flow, lambda: flow.click("reject", record_id, user="U_ADMIN", copy=":dm:U_ADMIN"),
                           expect="is already decided")
    refused_without_change(flow, lambda: flow.click("cancel", record_id, user="U_ALICE"),
                           expect="is already decided")
    assert flow.audit_actions(record_id) == ["approval.requested", "approval.approved"]


def test_under_all_an_approver_decides_once(flow):
    record_id = flow.ask_and_deliver(approvers=["U_MANAGER", "U_ADMIN"], policy="all")
    flow.click("approve", record_id, user="U_MANAGER", copy=":dm:U_MANAGER")
    flow.slack.flush()
    for button in ("approve", "reject"):
        refused_without_change(flow, lambda: flow.click(button, record_id, user="U_MANAGER", copy=":dm:U_MANAGER"),
                               expect=f"You already approved {record_id} at <!date^")


def test_clicks_on_a_cancelled_request_change_nothing(flow):
    record_id = flow.ask_and_deliver()
    flow.click("cancel", record_id, user="U_ALICE")
    flow.slack.flush()
    for button in ("approve", "reject"):
        refused_without_change(flow, lambda: flow.click(button, record_id, user="U_MANAGER", copy=":dm:U_MANAGER"),
                               expect=f"{record_id} was withdrawn: :no_entry_sign: *Cancelled by <@U_ALICE>")


def test_a_rejection_submitted_after_someone_else_decided_is_not_recorded(flow):
    record_id = flow.ask_and_deliver(approvers=["U_MANAGER", "U_ADMIN"])
    flow.click("reject", record_id, user="U_ADMIN", copy=":dm:U_ADMIN")
    reason_modal = flow.slack.last_view()
    flow.click("approve", record_id, user="U_MANAGER", copy=":dm:U_MANAGER")
    before = flow.counts()
    body = flow.slack.submit(reason_modal, user="U_ADMIN", reason="Too late").json()
    assert body["response_action"] == "update" and "is already decided" in str(body["view"]["blocks"])
    assert flow.counts() == before and flow.stored(record_id)[0].status == "approved"


def test_two_approvers_clicking_at_once_under_any_record_one_decision(flow):
    for _ in range(3):
        record_id = flow.ask_and_deliver(approvers=["U_MANAGER", "U_ADMIN"])
        flow.fake.clear_calls()
        start = threading.Barrier(2)

        def click(user):
            start.wait()
            flow.click("approve", record_id, user=user, copy=f":dm:{user}")

        threads = [threading.Thread(target=click, args=(user,)) for user in ("U_MANAGER", "U_ADMIN")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        request, approvers = flow.stored(record_id)
        decided = [a.user_id for a in approvers if a.decision != "pending"]
        assert request.status == "approved" and decided == [request.closed_by]
        assert flow.audit_actions(record_id) == ["approval.requested", "approval.approved"]
        refusal, = flow.refusals()
        assert "is already decided" in refusal


@pytest.mark.parametrize("second", ["approve", "reject"])
def test_a_decision_waiting_on_a_concurrent_one_sees_it_decided(flow, second):
    """Hold one decision's transaction open: the other waits for it, then is refused."""
    record_id = flow.ask_and_deliver(approvers=["U_MANAGER", "U_ADMIN"])
    outcome: dict = {}

    def other():
        try:
            with flow.session_factory.begin() as session:
                approvals.decide(session, team_id="T111", record_id=record_id, actor="U_ADMIN",
                                 approve=second == "approve", comment="no", now=approvals_now())
            outcome["result"] = "recorded"
        except approvals.Refused as refused:
            outcome["result"] = refused.why

    with flow.session_factory.begin() as session:
        approvals.decide(session, team_id="T111", record_id=record_id, actor="U_MANAGER", approve=True,
                         comment=None, now=approvals_now())
        racer = threading.Thread(target=other)
        racer.start()
        racer.join(0.5)
        assert racer.is_alive(), "the second decision must wait for the first to commit"
    racer.join(10)
    assert outcome["result"] == "closed"
    request, approvers = flow.stored(record_id)
    assert request.status == "approved" and [a.decision for a in approvers] == ["approved", "pending"]


def approvals_now():
    from models.types import utcnow

    return utcnow()
