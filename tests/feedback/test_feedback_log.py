"""Logging customer feedback: /qms feedback with the customer type-ahead, from a Slack Connect message,
a low score raised as a customer-complaint NC (linked both ways), and bad input."""
import json

import pytest
from sqlalchemy import select

from bot.blocks.ids import FEEDBACK_CUSTOMER, FEEDBACK_LOG, FEEDBACK_RAISE_NC, LOG_FEEDBACK, NC_REPORT
from models import Customer, Feedback, Nonconformance
from tests.support.fixtures import QUALITY_CHANNEL
from tests.support.nc import text_of
from tests.support.queries import audit_count, count, forged


def block(view: dict, block_id: str) -> dict:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def test_the_command_opens_the_modal_and_a_submit_stores_fb_1_with_a_new_customer_and_its_card(feedback_flow):
    view = feedback_flow.open_modal()
    assert view["callback_id"] == FEEDBACK_LOG
    assert block(view, FEEDBACK_CUSTOMER)["element"]["type"] == "external_select"
    assert [o["value"] for o in block(view, "score")["element"]["options"]] == ["5", "4", "3", "2", "1"]
    assert feedback_flow.options(view, "Acme Ltd") == [
        {"text": {"type": "plain_text", "text": "New customer: Acme Ltd", "emoji": True}, "value": "n:Acme Ltd"}]

    response = feedback_flow.submit(view)
    answer = json.loads(response.content)
    assert answer["response_action"] == "update" and "FB-1" in json.dumps(answer["view"])
    assert "Raise a nonconformance" not in json.dumps(answer["view"])  # 4/5 is not low
    record = feedback_flow.stored("FB-1")
    assert (record.customer, record.score, record.scale, record.received_via, record.logged_by) == (
        "Acme Ltd", 4, "csat", "email", "U_ALICE")
    assert feedback_flow.audit_actions("FB-1") == ["feedback.logged"]
    assert feedback_flow.slack.flush() >= 1
    [post] = feedback_flow.fake.ok_calls("chat.postMessage")
    assert post.args["channel"] == QUALITY_CHANNEL and "FB-1" in post.args["text"]


def test_the_type_ahead_offers_known_customers_first_and_a_known_one_is_not_duplicated(feedback_flow,
                                                                                         session_factory):
    feedback_flow.log(customer="Acme Ltd")
    feedback_flow.log(customer="Beta Works")
    view = feedback_flow.open_modal()
    options = feedback_flow.options(view, "acme")
    assert [o["text"]["text"] for o in options] == ["Acme Ltd", "New customer: acme"]
    assert [o["text"]["text"] for o in feedback_flow.options(view, "ACME LTD")] == ["Acme Ltd"]
    assert {o["text"]["text"] for o in feedback_flow.options(view, "")} == {"Acme Ltd", "Beta Works"}
    feedback_flow.submit(view, customer=options[0])
    assert count(session_factory, Customer) == 2 and count(session_factory, Feedback) == 3
    assert feedback_flow.stored("FB-3").customer == "Acme Ltd"


def test_a_low_score_offers_a_customer_complaint_nc_linked_both_ways(feedback_flow, slack, session_factory):
    view = feedback_flow.open_modal()
    response = feedback_flow.submit(view, score="2", comment="The drawings came late again.")
    confirmation = json.loads(response.content)["view"]
    [button] = [e for b in confirmation["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert (button["text"]["text"], button["action_id"], button["value"]) == (
        "Raise a nonconformance", FEEDBACK_RAISE_NC, "FB-1")
    slack.flush()
    clicked = slack.view_action({**view, **confirmation}, {"action_id": FEEDBACK_RAISE_NC, "block_id": "feedback_next",
                                                         "type": "button", "value": "FB-1"}, user="U_ALICE")
    assert clicked.status_code == 200, clicked.content
    report = slack.last_view("views.push")
    assert report["callback_id"] == NC_REPORT
    assert block(report, "customer")["element"]["initial_value"] == "Acme Ltd"
    assert block(report, "source")["element"]["initial_option"]["value"] == "customer_complaint"
    assert "Complaint from Acme Ltd" in block(report, "title")["element"]["initial_value"]

    kept = {name: block(report, name)["element"]["initial_value"] for name in ("title", "description", "customer")}
    answer = slack.submit(report, user="U_ALICE", severity="major", process="Delivery", source="customer_complaint",
                          **kept)
    assert answer.status_code == 200 and json.loads(answer.content) == {"response_action": "clear"}, answer.content
    with session_factory() as session:
        [nc] = session.scalars(select(Nonconformance)).all()
        assert (nc.feedback_id, nc.source, nc.customer) == ("FB-1", "customer_complaint", "Acme Ltd")
    assert feedback_flow.stored("FB-1").raised_nc == "NC-1"
    assert feedback_flow.audit_actions("FB-1") == ["feedback.logged", "feedback.nc_raised"]
    slack.flush()
    cards = {call.args.get("text", "")[:4]: call for call in slack.fake.ok_calls("chat.update")}
    assert "FB-1" in cards and "Raise a nonconformance" not in text_of(cards["FB-1"].args)
    nc_card = next(c for c in slack.fake.ok_calls("chat.postMessage") if c.args.get("text", "").startswith("NC-1"))
    assert "From feedback" in text_of(nc_card.args) and "FB-1" in text_of(nc_card.args)

    # The card's button again (or a second person): refused, nothing new raised.
    before = audit_count(session_factory)
    card = next(c for c in slack.fake.ok_calls("chat.postMessage") if c.args.get("text", "").startswith("FB-1"))
    slack.click(FEEDBACK_RAISE_NC, "FB-1", user="U_BOB", channel=card.args["channel"], message_ts=card.response["ts"])
    assert "already has its nonconformance, NC-1" in slack.responses()[-1]["text"]
    assert audit_count(session_factory) == before and count(session_factory, Nonconformance) == 1


def test_from_a_slack_connect_message_the_customer_is_prefilled_from_the_authors_organisation(
        feedback_flow, slack, session_factory):
    slack.fake.add_user("U_EXT", name="jo", team_id="T_ACME")
    slack.fake.add_channel("C_ACME", name="acme-shared", is_ext_shared=True)
    message = slack.fake.post_as("U_EXT", "C_ACME", "Thanks, the rollout went smoothly!")

    slack.message_shortcut(LOG_FEEDBACK, user="U_ALICE", channel="C_ACME", message=message)
    first = slack.last_view()
    assert "initial_option" not in block(first, FEEDBACK_CUSTOMER)["element"]  # not met yet
    assert block(first, "comment")["element"]["initial_value"] == "Thanks, the rollout went smoothly!"
    assert block(first, "received_via")["element"]["initial_option"]["value"] == "slack"
    feedback_flow.submit(first, customer="Acme Ltd", score="5")
    record = feedback_flow.stored("FB-1")
    assert (record.source_channel, record.source_ts, record.source_author) == ("C_ACME", message["ts"], "U_EXT")
    with session_factory() as session:
        assert session.scalars(select(Customer)).one().slack_team == "T_ACME"

    again = slack.fake.post_as("U_EXT", "C_ACME", "One more thing: invoice 12 is wrong")
    slack.message_shortcut(LOG_FEEDBACK, user="U_BOB", channel="C_ACME", message=again)
    prefilled = block(slack.last_view(), FEEDBACK_CUSTOMER)["element"]["initial_option"]
    assert prefilled["text"]["text"] == "Acme Ltd"


def test_bad_input_shows_modal_errors_and_stores_nothing(feedback_flow, slack, session_factory):
    view = feedback_flow.open_modal()
    before = audit_count(session_factory)
    unknown = feedback_flow.submit(view, related="NC-99")
    assert json.loads(unknown.content) == {"response_action": "errors",
                                           "errors": {"related": "There is no NC-99 in this workspace."}}
    values = forged(view, {FEEDBACK_CUSTOMER: "n:Acme", **{"score": "4", "received_via": "call"}}, score="9")
    out_of_range = slack.submit(view, user="U_ALICE", values=values)
    assert json.loads(out_of_range.content)["errors"] == {"score": "Pick a score from 1 to 5."}
    nobody = slack.submit(view, user="U_ALICE", score="3", received_via="call")
    assert FEEDBACK_CUSTOMER in json.loads(nobody.content)["errors"]
    assert count(session_factory, Feedback) == 0 and count(session_factory, Customer) == 0
    assert audit_count(session_factory) == before


@pytest.mark.settings(trellis_feedback_scale="nps")
def test_on_the_nps_scale_scores_run_0_to_10_and_6_is_low(feedback_flow):
    view = feedback_flow.open_modal()
    assert [o["value"] for o in block(view, "score")["element"]["options"]] == [str(n) for n in range(10, -1, -1)]
    low = json.loads(feedback_flow.submit(view, score="6").content)["view"]
    assert "Raise a nonconformance" in json.dumps(low)
    assert feedback_flow.stored("FB-1").scale == "nps"
    high = json.loads(feedback_flow.submit(feedback_flow.open_modal(), score="7").content)["view"]
    assert "Raise a nonconformance" not in json.dumps(high)


def test_what_they_said_is_escaped_on_the_card_and_kept_whole(feedback_flow, slack):
    said = "<!channel> & <@U_BOB> " * 130  # about 3000 characters, longer still once escaped
    feedback_flow.log(comment=said[:3000], score="3")
    [post] = slack.fake.ok_calls("chat.postMessage")  # the fake Slack refuses what Slack refuses
    shown = json.dumps(post.args["blocks"])
    assert "<!channel>" not in shown and "&lt;!channel&gt; &amp;" in shown
    assert feedback_flow.stored("FB-1").comment == said[:3000].strip()
