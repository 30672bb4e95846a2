"""The inbound payload builders: signatures Slack's verifier accepts, view state shaped like Slack's,
and a real Bolt app driven end to end by them against the fake."""
from __future__ import annotations

import json
from urllib.parse import parse_qs

import pytest
from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

from bot.sandbox.slack import requests as req
from tests.support.webapi import modal, section, text_input

SECRET = "test-signing-secret"

def test_signed_headers_verify():
    body = req.slash_command_body(trigger_id="1.2.3", response_url="http://x/response/1", text="new ncr")
    headers = req.signed_headers(body, SECRET)
    assert SignatureVerifier(SECRET).is_valid(body, headers["X-Slack-Request-Timestamp"],
                                              headers["X-Slack-Signature"])
    assert parse_qs(body)["command"] == ["/qms"] and parse_qs(body)["text"] == ["new ncr"]
    payload = req.block_actions_payload(action_id="a", user_id="U_BOB", channel_id="C_QUALITY", message_ts="1.2",
                                        trigger_id="1.2.3", response_url="http://x")
    assert json.loads(parse_qs(req.interactive_body(payload))["payload"][0]) == payload


def test_input_values_follow_the_view():
    options = [{"text": {"type": "plain_text", "text": t}, "value": t.lower()} for t in ("Minor", "Major")]
    view = modal([section(), text_input("title"), text_input("notes"),
                  {"type": "input", "block_id": "sev", "label": {"type": "plain_text", "text": "Severity"},
                   "element": {"type": "static_select", "action_id": "severity", "options": options}}])
    values = req.input_values(view, title="Broken jig", severity="major")
    assert values == {"title": {"title": {"type": "plain_text_input", "value": "Broken jig"}},
                      "notes": {"notes": {"type": "plain_text_input", "value": None}},
                      "sev": {"severity": {"type": "static_select", "selected_option": options[1]}}}
    with pytest.raises(KeyError):
        req.input_values(view, nonsense="x")


def test_bolt_app_round_trip(fake_slack):
    """Signed requests built here drive a real Bolt App whose client talks to the fake_slack."""
    app = App(signing_secret=SECRET, client=WebClient(token=fake_slack.bot_token, base_url=fake_slack.base_url))

    @app.command("/qms")
    def open_form(ack, body, client):
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=modal([text_input()], callback_id="ncr"))

    @app.event("app_home_opened")
    def home(event, client):
        client.views_publish(user_id=event["user"], view={"type": "home", "blocks": [section("Welcome")]})

    @app.view("ncr")
    def save(ack, view, respond, client):
        ack()
        client.chat_postMessage(channel="C_QUALITY", text=view["state"]["values"]["title"]["title"]["value"])

    def dispatch(body: str, content_type: str):
        headers = {**req.signed_headers(body, SECRET), "Content-Type": content_type}
        return app.dispatch(BoltRequest(body=body, headers=headers))

    form = "application/x-www-form-urlencoded"
    body = req.slash_command_body(trigger_id=fake_slack.new_trigger_id(), response_url=fake_slack.new_response_url())
    assert dispatch(body, form).status == 200
    view = fake_slack.wait_for("views.open")[0].response["view"]
    submission = req.view_submission_payload(view=view, values=req.input_values(view, title="Broken jig"),
                                             user_id="U_ALICE")
    assert dispatch(req.interactive_body(submission), form).status == 200
    assert fake_slack.wait_for("chat.postMessage")[0].args["text"] == "Broken jig"
    event = req.event_body({"type": "app_home_opened", "user": "U_ALICE", "tab": "home"})
    assert dispatch(json.dumps(event), "application/json").status == 200
    assert fake_slack.wait_for("views.publish")[0].args["user_id"] == "U_ALICE"
    assert dispatch(json.dumps(req.url_verification_body("c1")), "application/json").body == '{"challenge": "c1"}'
