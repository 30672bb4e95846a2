"""Reporting a nonconformance: /qms nc, /nc, both shortcuts, the modal's checks, the card."""
import json

import pytest
from sqlalchemy import func, select

from bot.blocks.ids import NC_REPORT as REPORT_CALLBACK
from models import AuditEvent, Nonconformance
from tests.support.fixtures import MANAGER, QUALITY_CHANNEL
from tests.support.nc import REPORT, buttons, text_of
from tests.support.queries import forged


def count(session_factory, model) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(model))


def input_of(view: dict, block_id: str) -> dict:
    return next(block for block in view["blocks"] if block.get("block_id") == block_id)["element"]


@pytest.mark.parametrize("command", ["/qms", "/nc"])
def test_the_command_opens_the_modal_at_once_prefilled_and_a_submit_stores_nc_1(nc_flow, command):
    view = nc_flow.open_report("Wrong drawing sent to Acme", command=command)
    assert view["callback_id"] == REPORT_CALLBACK
    assert input_of(view, "title")["initial_value"] == "Wrong drawing sent to Acme"
    assert [o["value"] for o in input_of(view, "process")["options"]] == [
        "Sales", "Delivery", "Design", "Support", "Suppliers", "Other"]
    assert [o["value"] for o in input_of(view, "severity")["options"]] == ["minor", "major", "critical"]
    assert [o["text"]["text"] for o in input_of(view, "source")["options"]] == [
        "Internal", "Customer complaint", "Internal audit", "Supplier"]
    assert {b["block_id"] for b in view["blocks"] if b.get("optional")} == {"description", "customer"}
    assert nc_flow.fake.calls[0].method in ("auth.test", "views.open")  # nothing slow before the modal

    response = nc_flow.submit_report(view)
    assert response.status_code == 200 and response.content in (b"", b"{}")
    record = nc_flow.stored("NC-1")
    assert (record.title, record.severity, record.process, record.source, record.customer) == (
        REPORT["title"], "major", "Delivery", "customer_complaint", "Acme")
    assert (record.status, record.reporter, record.owner) == ("open", "U_ALICE", None)
    assert nc_flow.audit_actions("NC-1") == ["nc.created"]

    assert nc_flow.slack.flush() == 1
    [post] = nc_flow.fake.ok_calls("chat.postMessage")
    assert post.args["channel"] == QUALITY_CHANNEL
    card = nc_flow.card("NC-1")
    text = text_of(card)
    for shown in ("NC-1", "Wrong drawing sent to Acme", "Major", "Delivery", "<@U_ALICE>", "Open",
                  "not assigned yet", "{ago}", "Customer complaint"):
        assert shown in text, shown
    assert set(buttons(card)) == {"Investigate", "Reject"}
    assert buttons(card)["Investigate"]["style"] == "primary"
    assert buttons(card)["Reject"]["style"] == "danger" and buttons(card)["Reject"]["confirm"]


def test_a_long_command_text_is_cut_to_150_for_the_title(nc_flow):
    view = nc_flow.open_report("x" * 400)
    assert len(input_of(view, "title")["initial_value"]) == 150


def test_the_global_shortcut_opens_an_empty_modal(nc_flow):
    nc_flow.slack.global_shortcut("new_nonconformance", user="U_CAROL")
    view = nc_flow.slack.last_view()
    assert view["callback_id"] == REPORT_CALLBACK and "initial_value" not in input_of(view, "title")
    assert nc_flow.submit_report(view, user="U_CAROL").content in (b"", b"{}")
    assert nc_flow.stored("NC-1").reporter == "U_CAROL"


def test_the_message_shortcut_prefills_and_keeps_the_message_as_evidence(nc_flow, directory):
    message = {"type": "message", "ts": "1700000000.000100", "user": "U_BOB",
               "text": "Acme says the drawing is rev B\nThey need rev C by Friday"}
    nc_flow.slack.message_shortcut("log_nonconformance", user="U_ALICE", channel="C_SALES", message=message)
    calls = [call.method for call in nc_flow.fake.calls if call.method != "auth.test"]
    assert calls[0] == "views.open"  # the permalink is asked for later, never before the modal
    view = nc_flow.slack.last_view()
    assert input_of(view, "title")["initial_value"] == "Acme says the drawing is rev B"
    assert input_of(view, "description")["initial_value"] == message["text"]

    directory.drain()  # #sales is looked up after the modal opened: a public channel
    assert nc_flow.submit_report(view, title="Rev B sent to Acme").content in (b"", b"{}")
    record = nc_flow.stored("NC-1")
    assert (record.source_channel, record.source_ts, record.source_author, record.source_text) == (
        "C_SALES", "1700000000.000100", "U_BOB", message["text"])
    assert record.source_permalink is None and not record.source_private  # the link is asked after commit
    nc_flow.slack.flush()
    record = nc_flow.stored("NC-1")
    assert record.source_permalink == "https://example.slack.com/archives/C_SALES/p1700000000000100"
    assert record.source_permalink in text_of(nc_flow.card("NC-1"))
    assert nc_flow.audit_actions("NC-1") == ["nc.created", "nc.evidence_linked"]


def test_evidence_is_kept_without_its_link_when_slack_gives_none(nc_flow, directory):
    message = {"type": "message", "ts": "1700000000.000300", "user": "U_BOB", "text": "Late again"}
    nc_flow.slack.message_shortcut("log_nonconformance", user="U_ALICE", channel="C_SALES", message=message)
    directory.drain()
    nc_flow.fake.fail("chat.getPermalink", error="message_not_found", times=2)  # the card's and the message's
    assert nc_flow.submit_report(nc_flow.slack.last_view()).content in (b"", b"{}")
    record = nc_flow.stored("NC-1")
    assert (record.source_text, record.source_author, record.source_permalink) == ("Late again", "U_BOB", None)
    nc_flow.slack.flush()
    assert "Logged from a message by <@U_BOB> in <#C_SALES>" in text_of(nc_flow.card("NC-1"))


def test_the_workspaces_own_processes_are_offered(nc_flow):
    """A manager edits the list in `/qms settings`; the next report offers it."""
    nc_flow.slack.command("settings", user=MANAGER)
    settings = nc_flow.slack.submit(nc_flow.slack.last_view(), user=MANAGER, quality_channel=QUALITY_CHANNEL,
                                    managers=[MANAGER], timezone="UTC", digest_schedule="mon 09:00",
                                    stale_days="14", processes="Hosting\nBilling")
    assert settings.content in (b"", b"{}"), settings.content
    view = nc_flow.open_report("Server down")  # opened once, with the workspace's own list
    assert nc_flow.fake.calls_to("views.update") == []
    assert [o["value"] for o in input_of(view, "process")["options"]] == ["Hosting", "Billing"]
    assert input_of(view, "title")["initial_value"] == "Server down"
    assert nc_flow.submit_report(view, process="Billing").content in (b"", b"{}")
    assert nc_flow.stored("NC-1").process == "Billing"


@pytest.mark.parametrize("answers, field", [
    ({"title": None}, "title"),
    ({"title": "x" * 151}, "title"),
    ({"severity": None}, "severity"),
    ({"process": None}, "process"),
    ({"description": "x" * 40_000}, "description"),
], ids=["empty title", "title over 150", "no severity", "no process", "description of 40k"])
def test_invalid_input_answers_under_the_field_and_stores_nothing(nc_flow, session_factory, answers, field):
    response = nc_flow.submit_report(nc_flow.open_report(), **answers)
    body = response.json()
    assert body["response_action"] == "errors" and set(body["errors"]) == {field}
    assert count(session_factory, Nonconformance) == 0 and count(session_factory, AuditEvent) == 0
    assert nc_flow.slack.flush() == 0


def test_a_submission_slack_delivers_twice_creates_one_record(nc_flow, session_factory):
    view = nc_flow.open_report()
    assert nc_flow.submit_report(view).content in (b"", b"{}")
    assert nc_flow.submit_report(view).content in (b"", b"{}")
    assert count(session_factory, Nonconformance) == 1
    assert nc_flow.slack.flush() == 1
    # A new modal (another view id) is another report.
    assert nc_flow.submit_report(nc_flow.open_report()).content in (b"", b"{}")
    assert count(session_factory, Nonconformance) == 2


@pytest.mark.settings(trellis_quality_channel=None)
def test_without_a_quality_channel_the_card_goes_to_the_reporter_with_a_hint(nc_flow):
    record_id = nc_flow.report(user="U_CAROL")
    posts = nc_flow.fake.ok_calls("chat.postMessage")
    assert [post.args["channel"] for post in posts] == ["U_CAROL", "U_CAROL"]
    assert "NC-1" in text_of(posts[0].args) and "/qms settings" in posts[1].args["text"]
    assert nc_flow.saved(record_id).channel == "DU_CAROL"
    assert nc_flow.take(record_id, "investigate", user="U_CAROL").content in (b"", b"{}")
    assert nc_flow.slack.flush() == 2
    nc_flow.assert_card_is_true(record_id)  # the DM copy is the card: kept true in place
    assert "started investigating" in nc_flow.thread(record_id)[-1]


def test_user_text_is_escaped_and_long_text_truncated_but_stored_in_full(nc_flow):
    description = "<!here> " + "&" * 2990  # escaping makes it five times longer
    nc_flow.report(title="<!channel> pay <https://evil.example|bank>", description=description,
                   customer="<@U_MANAGER>")
    card = nc_flow.card("NC-1")
    text = text_of(card)
    for raw in ("<!channel>", "<https://evil.example|bank>", "<!here>", "<@U_MANAGER>"):
        assert raw not in text
    assert "&lt;!channel&gt; pay &lt;https://evil.example|bank&gt;" in text and "&lt;!here&gt;" in text
    assert all(len(b["text"]["text"]) <= 3000 for b in card["blocks"] if b.get("text"))
    record = nc_flow.stored("NC-1")
    assert record.description == description and record.title == "<!channel> pay <https://evil.example|bank>"
    with nc_flow.session_factory() as session:
        created = session.scalars(select(AuditEvent).where(AuditEvent.action == "nc.created")).one()
    assert created.after["description"] == description
    assert json.dumps(card)  # the fake validated the blocks against Block Kit's limits


def test_ids_are_per_workspace_and_lookups_stay_in_their_workspace(nc_flow, session_factory):
    assert [nc_flow.report(title=f"First team {n}") for n in (1, 2)] == ["NC-1", "NC-2"]
    nc_flow.slack.team_id = nc_flow.fake.team_id = "T222"  # another workspace's install opens its own modals
    try:
        nc_flow.submit_report(nc_flow.open_report(), title="Other team")
    finally:
        nc_flow.fake.team_id = "T111"
    with session_factory() as session:
        ids = session.execute(select(Nonconformance.team_id, Nonconformance.record_id)
                              .order_by(Nonconformance.id)).all()
    assert [tuple(row) for row in ids] == [("T111", "NC-1"), ("T111", "NC-2"), ("T222", "NC-1")]
    assert "Other team" in nc_flow.slack.command("nc NC-1").json()["text"]
    assert "cannot find NC-2" in nc_flow.slack.command("nc NC-2").json()["text"]


@pytest.mark.parametrize("field, value", [("process", "Not a process here"), ("severity", "apocalyptic"),
                                          ("source", "gossip")])
def test_a_forged_choice_is_refused_whatever_the_modal_offered(nc_flow, session_factory, field, value):
    view = nc_flow.open_report()
    body = nc_flow.slack.submit(view, user="U_ALICE", values=forged(view, REPORT, **{field: value})).json()
    assert body["response_action"] == "errors" and set(body["errors"]) == {field}
    assert count(session_factory, Nonconformance) == 0
