"""Asking for a sign-off: `/qms approval`, the `request_approval` shortcut, and the modal's refusals."""
from datetime import UTC, datetime

import pytest

from bot.qms.nc import records as nc
from tests.support.approvals import copies, text_of
from tests.support.fixtures import QUALITY_CHANNEL
from tests.support.queries import forged


def test_command_opens_the_modal_prefilled_and_a_submit_stores_apr_1_with_its_cards(flow):
    view = flow.open_modal("Homepage design for Acme")
    inputs = {block["block_id"]: block for block in view["blocks"] if block["type"] == "input"}
    assert list(inputs) == ["title", "description", "link", "approvers", "policy", "due_on", "nc_id"]
    assert [name for name, block in inputs.items() if not block.get("optional")] == ["title", "approvers", "policy"]
    assert inputs["title"]["element"]["initial_value"] == "Homepage design for Acme"
    assert inputs["approvers"]["element"]["type"] == "multi_users_select"
    assert [option["value"] for option in inputs["policy"]["element"]["options"]] == ["any", "all"]
    assert inputs["due_on"]["element"]["type"] == "datepicker"

    response = flow.ask(view=view, link="https://example.com/design/v3", nc_id=None)
    assert response.status_code == 200 and response.content in (b"", b"{}")
    request, approvers = flow.stored("APR-1")
    assert (request.title, request.link, request.requester, request.status) == (
        "Homepage design for Acme", "https://example.com/design/v3", "U_ALICE", "pending")
    assert [a.user_id for a in approvers] == ["U_MANAGER"] and approvers[0].decision == "pending"
    assert flow.audit_actions("APR-1") == ["approval.requested"]

    assert flow.slack.flush() == 2
    channel_card, = flow.posts_to(QUALITY_CHANNEL)
    dm_copy, = flow.posts_to("U_MANAGER")
    for name in copies("APR-1", ["U_MANAGER"]):
        assert flow.saved(name) is not None
    buttons = {b["text"]["text"]: b for block in channel_card["blocks"] if block["type"] == "actions"
               for b in block["elements"]}
    assert set(buttons) == {"Approve", "Reject", "Cancel request"}
    assert buttons["Approve"]["style"] == "primary" and buttons["Reject"]["style"] == "danger"
    assert "confirm" in buttons["Approve"] and "confirm" in buttons["Cancel request"]
    dm_buttons = [(b["text"]["text"], b.get("style"), "confirm" in b) for block in dm_copy["blocks"]
                  if block["type"] == "actions" for b in block["elements"]]
    assert dm_buttons == [("Approve", "primary", True), ("Reject", "danger", True)]
    assert "APR-1" in text_of(channel_card) and "example.com/design/v3" in text_of(channel_card)


def test_a_redelivered_submission_stores_one_request(flow):
    view = flow.open_modal()
    assert flow.ask(view=view).status_code == 200
    assert flow.ask(view=view).status_code == 200
    assert flow.counts()["ApprovalRequest"] == 1
    assert flow.audit_actions("APR-1") == ["approval.requested"] and flow.audit_actions("APR-2") == []


def test_the_message_shortcut_makes_the_message_the_thing_approved(flow, directory):
    message = {"type": "message", "user": "U_BOB", "ts": "1700000001.000100",
               "text": "Supplier quote from Acme Print: <!channel> please check\nsecond line"}
    response = flow.slack.message_shortcut("request_approval", user="U_ALICE", channel="C_SALES", message=message)
    assert response.status_code == 200
    assert flow.fake.calls[0].method == "views.open"  # the only call before the answer (look-ups follow)
    view = flow.slack.last_view()
    shown = view["blocks"][0]["text"]["text"]  # the message, quoted above the inputs
    assert "@channel please check" in shown and "<!channel>" not in shown and "by <@U_BOB>" in shown
    title_input = next(block for block in view["blocks"] if block.get("block_id") == "title")
    assert title_input["element"]["initial_value"] == "Supplier quote from Acme Print: @channel please check"
    directory.drain()  # after the modal opened: #sales is looked up (public)

    response = flow.ask(view=view, title="Acme Print quote", description=None)
    assert response.status_code == 200 and response.content in (b"", b"{}")
    assert not flow.fake.calls_to("chat.getPermalink")  # asked after commit, by the outbox
    request, _ = flow.stored("APR-1")
    assert (request.source_channel, request.source_ts, request.source_author, request.source_private) == (
        "C_SALES", "1700000001.000100", "U_BOB", False)
    assert request.source_text == message["text"] and request.source_permalink is None
    flow.slack.flush()
    request, _ = flow.stored("APR-1")
    assert request.source_permalink == "https://example.slack.com/archives/C_SALES/p1700000001000100"
    assert flow.audit_actions("APR-1") == ["approval.requested", "approval.evidence_linked"]
    card = text_of(flow.updates_of("APR-1")[-1])  # the card, shown again with the link
    assert request.source_permalink in card and "@channel please check" in card and "<!channel>" not in card


def test_text_slack_sends_escaped_is_prefilled_as_typed_and_shown_escaped_once(flow):
    view = flow.open_modal("Q&amp;A sheet &lt;v2&gt;")  # Slack escapes &, < and > in command text
    assert next(b for b in view["blocks"] if b.get("block_id") == "title")["element"]["initial_value"] == (
        "Q&A sheet <v2>")
    slack_text = "Terms &amp; conditions: 5 &lt; 7, ask <@U_BOB>"  # and in message text, where mentions are <@…>
    flow.slack.message_shortcut("request_approval", user="U_ALICE", channel="C_SALES",
                                message={"type": "message", "user": "U_CAROL", "ts": "1700000004.000400",
                                         "text": slack_text})
    view = flow.slack.last_view()
    assert next(b for b in view["blocks"] if b.get("block_id") == "title")["element"]["initial_value"] == (
        "Terms & conditions: 5 < 7, ask @U_BOB")  # readable; a mention is a name once the directory knows it
    once = "Terms &amp; conditions: 5 &lt; 7, ask @"  # Slack's own entities, shown once; the mention harmless
    assert once in view["blocks"][0]["text"]["text"]
    record_id = flow.ask_and_deliver(view=view, title="Supplier terms")
    assert flow.stored(record_id)[0].source_text == slack_text  # the evidence as Slack has it
    card = text_of(flow.posts_to(QUALITY_CHANNEL)[0])
    assert once in card and "&amp;amp;" not in card and "&amp;lt;" not in card


@pytest.mark.settings(trellis_quality_channel=None)
def test_without_a_quality_channel_the_requester_gets_the_home_copy_and_is_told(flow):
    record_id = flow.ask_and_deliver()
    request, _ = flow.stored(record_id)
    assert request.card_channel is None and flow.posts_to(QUALITY_CHANNEL) == []
    home, = flow.posts_to("U_ALICE")
    assert "no quality channel" in text_of(home)
    assert [b["text"]["text"] for block in home["blocks"] if block["type"] == "actions"
            for b in block["elements"]] == ["Cancel request"]
    assert flow.saved(record_id) and flow.saved(record_id, dm="U_MANAGER")


def test_admins_count_as_managers_and_the_setting_lets_anyone_approve(flow):
    assert flow.ask(approvers=["U_ADMIN"]).content in (b"", b"{}")
    assert flow.ask(approvers=["U_BOB"]).json()["response_action"] == "errors"
    flow.slack.command("settings", user="U_MANAGER")  # a manager allows any approver in /qms settings
    saved = flow.slack.submit(flow.slack.last_view(), user="U_MANAGER", quality_channel=QUALITY_CHANNEL,
                              managers=["U_MANAGER"], timezone="UTC", digest_schedule="mon 09:00", stale_days="14",
                              processes="Delivery", allow_any_approver=["yes"])
    assert saved.content in (b"", b"{}"), saved.content
    assert flow.ask(approvers=["U_BOB"]).content in (b"", b"{}")
    assert flow.counts()["ApprovalRequest"] == 2


def test_a_linked_nc_must_exist_in_this_workspace(flow, session_factory):
    assert flow.ask(nc_id="NC-7").json()["errors"] == {"nc_id": "There is no NC-7 in this workspace."}
    with session_factory.begin() as session:
        nc.report(session, team_id="T111", reporter="U_BOB", now=datetime.now(UTC), values={
            "title": "Wrong file sent", "severity": "minor", "process": "Delivery", "source": "internal"})
    assert flow.ask(nc_id="nc-1").content in (b"", b"{}")
    request, _ = flow.stored("APR-1")
    assert request.nc_id == "NC-1"


BAD_INPUT = {
    "no title": ({"title": None}, "title", "Give the request a title"),
    "link not a URL": ({"link": "example.com/design"}, "link", "https://"),
    "link not http": ({"link": "javascript:alert(1)"}, "link", "https://"),
    "due date in the past": ({"due_on": "2000-01-01"}, "due_on", "in the past"),
    "no approver": ({"approvers": []}, "approvers", "at least one approver"),
    "approver not a manager": ({"approvers": ["U_MANAGER", "U_BOB"]}, "approvers", "Bob is not a manager"),
    "self as approver": ({"user": "U_MANAGER", "approvers": ["U_MANAGER"]}, "approvers", "your own request"),
    "deleted user": ({"approvers": ["U_GONE"]}, "approvers", "Gone has left the workspace"),
    "unknown user": ({"approvers": ["U_NOBODY"]}, "approvers", "(U_NOBODY) has left the workspace"),
    "nothing to approve": ({"description": None, "link": None}, "description", "Describe what to approve"),
    "NC id malformed": ({"nc_id": "12"}, "nc_id", "NC-12"),
    # What the modal itself never sends, but a forged submission can: refused all the same.
    "description of 40k": ({"description": "x" * 40_000}, "description", "3000 characters"),
    "eleven approvers": ({"approvers": [f"U_{n}" for n in range(11)]}, "approvers", "at most 10"),
}


@pytest.mark.parametrize("answers, field, words", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_a_modal_error_and_nothing_is_stored(flow, answers, field, words):
    flow.fake.add_user("U_GONE", deleted=True)
    before = flow.counts()
    body = flow.ask(**answers).json()
    assert body["response_action"] == "errors"
    assert words in body["errors"][field], body["errors"]
    assert flow.counts() == before
    assert flow.slack.flush() == 0


def test_a_forged_rejection_reason_beyond_the_limit_is_refused(flow):
    record_id = flow.ask_and_deliver()
    body = flow.reject(record_id, "x" * 40_000, user="U_MANAGER", dm="U_MANAGER").json()
    assert body["response_action"] == "errors" and "2000 characters" in body["errors"]["reason"]
    assert flow.stored(record_id)[0].status == "pending"


def test_a_forged_policy_is_refused(flow):
    view = flow.open_modal()
    answers = dict(title="Homepage", description="v3", approvers=["U_MANAGER"], policy="any")
    body = flow.slack.submit(view, user="U_ALICE", values=forged(view, answers, policy="majority")).json()
    assert body["response_action"] == "errors" and "Pick when" in body["errors"]["policy"]
    assert flow.counts()["ApprovalRequest"] == 0
