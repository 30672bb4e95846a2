"""Withdrawing: the requester or a manager cancels a pending request; every copy says so."""
import pytest

from tests.support.approvals import copies, text_of
from tests.support.fixtures import QUALITY_CHANNEL


def test_the_requester_cancels_from_the_channel_card_and_every_copy_is_updated(flow):
    record_id = flow.ask_and_deliver(approvers=["U_MANAGER", "U_ADMIN"], policy="all")
    flow.fake.clear_calls()
    assert flow.click("cancel", record_id, user="U_ALICE").status_code == 200
    request, approvers = flow.stored(record_id)
    assert (request.status, request.closed_by) == ("cancelled", "U_ALICE") and request.closed_at is not None
    assert all(a.decision == "pending" for a in approvers)
    assert flow.audit_actions(record_id) == ["approval.requested", "approval.cancelled"]
    assert flow.refusals() == []

    flow.slack.flush()
    for name in copies(record_id, ["U_MANAGER", "U_ADMIN"]):
        update, = flow.updates_of(name)
        assert "Cancelled by <@U_ALICE> at <!date^" in text_of(update)
        assert not [block for block in update["blocks"] if block["type"] == "actions"]
        assert "not needed" in text_of(update)
    line, = [m for m in flow.posts_to(QUALITY_CHANNEL) if m.get("thread_ts")]
    assert f"{record_id} cancelled by <@U_ALICE>" in line["text"]
    assert flow.posts_to("U_ALICE") == []  # they did it themselves


def test_a_manager_cancels_someone_elses_request_and_the_requester_is_told(flow):
    record_id = flow.ask_and_deliver(user="U_BOB")
    flow.fake.clear_calls()
    flow.click("cancel", record_id, user="U_MANAGER")
    assert flow.stored(record_id)[0].status == "cancelled"
    flow.slack.flush()
    notice, = flow.posts_to("U_BOB")
    assert "Cancelled by <@U_MANAGER>" in notice["text"]


def test_a_workspace_admin_counts_as_a_manager_for_cancelling(flow):
    record_id = flow.ask_and_deliver()
    flow.click("cancel", record_id, user="U_ADMIN")
    assert flow.stored(record_id)[0].status == "cancelled"


@pytest.mark.settings(trellis_quality_channel=None)
def test_without_a_quality_channel_the_requester_cancels_from_their_own_copy(flow):
    record_id = flow.ask_and_deliver()
    flow.fake.clear_calls()
    flow.click("cancel", record_id, user="U_ALICE")
    assert flow.stored(record_id)[0].status == "cancelled"
    flow.slack.flush()
    for name in copies(record_id, ["U_MANAGER"]):
        assert "Cancelled by <@U_ALICE>" in text_of(flow.updates_of(name)[-1])
    assert not [call for call in flow.fake.ok_calls("chat.postMessage") if call.args.get("thread_ts")]
