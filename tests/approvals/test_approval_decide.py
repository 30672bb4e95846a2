"""Deciding: Approve and Reject on every copy of the card, under the "any" and "all" policies."""
from tests.support.approvals import copies, text_of
from tests.support.fixtures import QUALITY_CHANNEL


def actions_in(message: dict) -> list[str]:
    return [b["text"]["text"] for block in message["blocks"] if block["type"] == "actions" for b in block["elements"]]


def test_any_one_approver_approves_from_their_dm_and_every_copy_says_so(flow):
    record_id = flow.ask_and_deliver(approvers=["U_MANAGER", "U_ADMIN"])
    flow.fake.clear_calls()

    assert flow.click("approve", record_id, user="U_MANAGER", dm="U_MANAGER").status_code == 200
    request, approvers = flow.stored(record_id)
    assert (request.status, request.closed_by, request.reason) == ("approved", "U_MANAGER", None)
    assert request.closed_at.tzinfo is not None and request.closed_at.utcoffset().total_seconds() == 0
    assert [(a.user_id, a.decision) for a in approvers] == [("U_MANAGER", "approved"), ("U_ADMIN", "pending")]
    assert approvers[0].decided_at == request.closed_at
    assert flow.audit_actions(record_id) == ["approval.requested", "approval.approved"]
    assert flow.refusals() == []

    flow.slack.flush()
    epoch = int(request.closed_at.timestamp())
    for name in copies(record_id, ["U_MANAGER", "U_ADMIN"]):
        update, = flow.updates_of(name)
        assert f"Approved by <@U_MANAGER> at <!date^{epoch}^{{date_short_pretty}} {{time}}|" in text_of(update)
        assert actions_in(update) == []
    thread_line, = [m for m in flow.posts_to(QUALITY_CHANNEL) if m.get("thread_ts")]
    assert thread_line["thread_ts"] == flow.saved(record_id).ts
    assert f"{record_id} approved by <@U_MANAGER>" in thread_line["text"]
    notice, = flow.posts_to("U_ALICE")
    assert record_id in notice["text"] and "Approved by <@U_MANAGER>" in notice["text"]


def test_all_approvers_needed_the_card_shows_each_state_until_the_last_approves(flow):
    record_id = flow.ask_and_deliver(approvers=["U_MANAGER", "U_ADMIN"], policy="all")
    flow.fake.clear_calls()

    flow.click("approve", record_id, user="U_MANAGER", dm="U_MANAGER")
    request, approvers = flow.stored(record_id)
    assert request.status == "pending" and [a.decision for a in approvers] == ["approved", "pending"]
    flow.slack.flush()
    for name in copies(record_id, ["U_MANAGER", "U_ADMIN"]):
        card = text_of(flow.updates_of(name)[-1])
        assert "1 of 2 approved" in card and "<@U_MANAGER> · approved <!date^" in card
        assert "<@U_ADMIN> · pending" in card
    assert actions_in(flow.updates_of(record_id, dm="U_MANAGER")[-1]) == []  # decided: no buttons left
    assert actions_in(flow.updates_of(record_id, dm="U_ADMIN")[-1]) == ["Approve", "Reject"]
    assert flow.posts_to("U_ALICE") == []  # the requester hears when it is decided

    flow.click("approve", record_id, user="U_ADMIN", dm="U_ADMIN")
    request, approvers = flow.stored(record_id)
    assert (request.status, request.closed_by) == ("approved", "U_ADMIN")
    assert flow.audit_actions(record_id) == ["approval.requested", "approval.approver_approved",
                                             "approval.approved"]
    flow.slack.flush()
    for name in copies(record_id, ["U_MANAGER", "U_ADMIN"]):
        assert len(flow.updates_of(name)) == 2
        assert "Approved by <@U_MANAGER> and <@U_ADMIN> at <!date^" in text_of(flow.updates_of(name)[-1])
    assert len(flow.posts_to("U_ALICE")) == 1


def test_reject_asks_for_a_required_reason_and_every_copy_shows_it(flow):
    record_id = flow.ask_and_deliver(approvers=["U_MANAGER", "U_ADMIN"], policy="all")
    flow.click("reject", record_id, user="U_ADMIN", dm="U_ADMIN")
    view = flow.slack.last_view()
    assert view["title"]["text"] == f"Reject {record_id}"
    before = flow.counts()
    empty = flow.slack.submit(view, user="U_ADMIN", reason=None).json()
    assert empty["response_action"] == "errors" and "reason" in empty["errors"] and flow.counts() == before

    flow.fake.clear_calls()
    response = flow.slack.submit(view, user="U_ADMIN", reason="Logo is the old one <!here>")
    assert response.status_code == 200 and response.content in (b"", b"{}")
    request, approvers = flow.stored(record_id)
    assert (request.status, request.closed_by, request.reason) == ("rejected", "U_ADMIN", "Logo is the old one <!here>")
    assert [(a.decision, a.comment) for a in approvers] == [("pending", None), ("rejected", request.reason)]
    assert flow.audit_actions(record_id)[-1] == "approval.rejected"
    before = flow.state()
    again = flow.slack.submit(view, user="U_ADMIN", reason="Logo is the old one <!here>")  # delivered twice
    assert again.content in (b"", b"{}") and flow.state() == before

    flow.slack.flush()
    for name in copies(record_id, ["U_MANAGER", "U_ADMIN"]):
        card = text_of(flow.updates_of(name)[-1])
        assert "Rejected by <@U_ADMIN> at <!date^" in card and "Logo is the old one &lt;!here&gt;" in card
        assert "<!here>" not in card and actions_in(flow.updates_of(name)[-1]) == []
    notice, = flow.posts_to("U_ALICE")
    assert "Rejected by <@U_ADMIN>" in notice["text"] and "&lt;!here&gt;" in notice["text"]
    thread_line, = [m for m in flow.posts_to(QUALITY_CHANNEL) if m.get("thread_ts")]
    assert f"{record_id} rejected by <@U_ADMIN>" in thread_line["text"] and "<!here>" not in thread_line["text"]


def test_approve_from_the_channel_card_confirms_as_yourself(flow):
    record_id = flow.ask_and_deliver()
    channel_card, = flow.posts_to(QUALITY_CHANNEL)
    approve = next(b for block in channel_card["blocks"] if block["type"] == "actions"
                   for b in block["elements"] if b["text"]["text"] == "Approve")
    assert approve["confirm"]["text"]["text"] == (
        f'You approve {record_id} "Homepage design for Acme" as yourself. '
        "This is recorded with your name and the time.")
    dm_copy, = flow.posts_to("U_MANAGER")
    approve = next(b for block in dm_copy["blocks"] if block["type"] == "actions"
                   for b in block["elements"] if b["text"]["text"] == "Approve")
    assert " as Manager. " in approve["confirm"]["text"]["text"]
    flow.click("approve", record_id, user="U_MANAGER")
    assert flow.stored(record_id)[0].status == "approved"
