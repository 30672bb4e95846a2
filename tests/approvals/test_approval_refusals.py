"""Who may decide: only a named approver, once. Everyone else is told why and nothing changes."""
from models import ApprovalApprover


def test_a_stranger_cannot_approve_reject_or_cancel(flow):
    record_id = flow.ask_and_deliver()
    flow.refused_without_change(lambda: flow.click("approve", record_id, user="U_CAROL"),
                                expect=f"Only the approvers named on {record_id} (<@U_MANAGER>) can decide it")
    flow.refused_without_change(lambda: flow.click("reject", record_id, user="U_CAROL"),
                                expect="Only the approvers named")
    flow.refused_without_change(lambda: flow.click("cancel", record_id, user="U_CAROL"),
                                expect=f"Only <@U_ALICE> (who asked) or a manager can cancel {record_id}")
    assert flow.stored(record_id)[0].status == "pending"


def test_the_requester_never_decides_their_own_request_even_if_named(flow):
    record_id = flow.ask_and_deliver()
    request, _ = flow.stored(record_id)
    with flow.session_factory.begin() as session:  # named somehow, e.g. by an import
        session.add(ApprovalApprover(request_id=request.id, user_id="U_ALICE", team_id="T111", position=1,
                                     name="Alice"))
    for button in ("approve", "reject"):
        flow.refused_without_change(lambda button=button: flow.click(button, record_id, user="U_ALICE"),
                                    expect=f"You asked for {record_id}, so you cannot decide it")


def test_a_second_click_and_clicks_on_a_decided_request_are_told_it_is_decided(flow):
    record_id = flow.ask_and_deliver(approvers=["U_MANAGER", "U_ADMIN"])
    flow.click("approve", record_id, user="U_MANAGER", dm="U_MANAGER")
    flow.slack.flush()
    flow.refused_without_change(lambda: flow.click("approve", record_id, user="U_MANAGER", dm="U_MANAGER"),
                                expect=f"{record_id} is already decided: :white_check_mark: *Approved by <@U_MANAGER>")
    flow.refused_without_change(lambda: flow.click("approve", record_id, user="U_ADMIN", dm="U_ADMIN"),
                                expect="is already decided")
    flow.refused_without_change(lambda: flow.click("reject", record_id, user="U_ADMIN", dm="U_ADMIN"),
                                expect="is already decided")
    flow.refused_without_change(lambda: flow.click("cancel", record_id, user="U_ALICE"),
                                expect="is already decided")
    assert flow.audit_actions(record_id) == ["approval.requested", "approval.approved"]


def test_under_all_an_approver_decides_once(flow):
    record_id = flow.ask_and_deliver(approvers=["U_MANAGER", "U_ADMIN"], policy="all")
    flow.click("approve", record_id, user="U_MANAGER", dm="U_MANAGER")
    flow.slack.flush()
    for button in ("approve", "reject"):
        flow.refused_without_change(
            lambda button=button: flow.click(button, record_id, user="U_MANAGER", dm="U_MANAGER"),
                                    expect=f"You already approved {record_id} at <!date^")


def test_clicks_on_a_cancelled_request_change_nothing(flow):
    record_id = flow.ask_and_deliver()
    flow.click("cancel", record_id, user="U_ALICE")
    flow.slack.flush()
    for button in ("approve", "reject"):
        flow.refused_without_change(
            lambda button=button: flow.click(button, record_id, user="U_MANAGER", dm="U_MANAGER"),
                                    expect=f"{record_id} was withdrawn: :no_entry_sign: *Cancelled by <@U_ALICE>")
    for who in ("U_ALICE", "U_MANAGER"):  # cancelling twice, from the channel card
        flow.refused_without_change(lambda who=who: flow.click("cancel", record_id, user=who),
                                    expect=f"{record_id} was withdrawn")
    assert flow.audit_actions(record_id) == ["approval.requested", "approval.cancelled"]


def test_a_rejection_submitted_after_someone_else_decided_is_not_recorded(flow):
    record_id = flow.ask_and_deliver(approvers=["U_MANAGER", "U_ADMIN"])
    flow.click("reject", record_id, user="U_ADMIN", dm="U_ADMIN")
    reason_modal = flow.slack.last_view()
    flow.click("approve", record_id, user="U_MANAGER", dm="U_MANAGER")
    before = flow.state()
    body = flow.slack.submit(reason_modal, user="U_ADMIN", reason="Too late").json()
    assert body["response_action"] == "update" and "is already decided" in str(body["view"]["blocks"])
    assert flow.state() == before and flow.stored(record_id)[0].status == "approved"
