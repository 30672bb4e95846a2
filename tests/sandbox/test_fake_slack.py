"""FakeSlack behaves like the Slack Web API as seen through slack-sdk / slack-bolt."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs

import pytest
from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from bot.sandbox.slack import FakeSlack
from bot.sandbox.slack import requests as req

SECRET = "test-signing-secret"


@pytest.fixture
def fake():
    with FakeSlack() as server:
        yield server


@pytest.fixture
def client(fake):
    return WebClient(token=fake.bot_token, base_url=fake.base_url, timeout=5)


def slack_error(call, *args, **kwargs) -> SlackApiError:
    with pytest.raises(SlackApiError) as info:
        call(*args, **kwargs)
    return info.value


def section(text="hi", **extra):
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def button(text="Go", **extra):
    return {"type": "button", "text": {"type": "plain_text", "text": text}, "action_id": "go", **extra}


def text_input(block_id="title", **element):
    return {"type": "input", "block_id": block_id, "label": {"type": "plain_text", "text": "Title"},
            "element": {"type": "plain_text_input", "action_id": block_id, **element}}


def modal(blocks, **extra):
    view = {"type": "modal", "title": {"type": "plain_text", "text": "New NCR"}, "blocks": blocks,
            "submit": {"type": "plain_text", "text": "Save"}}
    return {k: v for k, v in {**view, **extra}.items() if v is not None}


# --- protocol-level rejections ------------------------------------------------------------------

def test_auth_test_identifies_the_bot(client):
    data = client.auth_test().data
    assert (data["user_id"], data["bot_id"], data["team_id"]) == ("UBOT", "B111", "T111")


def test_unknown_method(client, fake):
    err = slack_error(client.api_call, "nope.nothing")
    assert (err.response.status_code, err.response["error"]) == (200, "unknown_method")
    assert fake.calls_to("nope.nothing")[0].error == "unknown_method"


def test_missing_required_argument(client):
    err = slack_error(client.api_call, "chat.postMessage", json={"text": "hi"})
    assert err.response["error"] == "invalid_arguments"
    assert err.response["response_metadata"]["messages"] == ["[ERROR] missing required field: channel"]
    assert slack_error(client.api_call, "chat.postMessage", json={"channel": "C1"}).response["error"] == "no_text"
    assert slack_error(client.views_open, trigger_id="", view=modal([section()])).response["error"] == \
        "invalid_arguments"


@pytest.mark.parametrize("token, error", [(None, "not_authed"), ("xoxb-wrong", "invalid_auth"),
                                          ("xapp-1-abc", "invalid_auth")])
def test_bad_tokens(fake, token, error):
    bad = WebClient(token=token, base_url=fake.base_url)
    assert slack_error(bad.auth_test).response["error"] == error


def test_socket_mode_connection_takes_app_token(fake, client):
    app_client = WebClient(token="xapp-1-anything", base_url=fake.base_url)
    assert slack_error(app_client.apps_connections_open, app_token="xapp-1-anything").response["error"] == \
        "not_configured"
    fake.socket_mode_url = "ws://127.0.0.1:1/socket"
    assert app_client.apps_connections_open(app_token="xapp-1-anything")["url"] == fake.socket_mode_url
    assert slack_error(client.api_call, "apps.connections.open").response["error"] == "not_allowed_token_type"


# --- Block Kit validation -------------------------------------------------------------------------

LONG = "x" * 3001
MESSAGE_BLOCK_CASES = {
    "too many blocks": ([{"type": "divider"}] * 51, "/blocks", "no more than 50"),
    "section text too long": ([section(LONG)], "/blocks/0/text/text", "less than 3001"),
    "empty text": ([section("")], "/blocks/0/text/text", "at least 1"),
    "too many fields": ([{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}],
                        "/blocks/0/fields", "no more than 10"),
    "field too long": ([{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2001}]}],
                       "/blocks/0/fields/0/text", "less than 2001"),
    "duplicate block_id": ([section(block_id="a"), section(block_id="a")], "/blocks/1/block_id", "duplicate"),
    "block_id too long": ([section(block_id="b" * 256)], "/blocks/0/block_id", "less than 256"),
    "input in a message": ([text_input()], "/blocks/0/type", "only allowed in modals"),
    "unknown block type": ([{"type": "table"}], "/blocks/0/type", "unsupported block type"),
    "header too long": ([{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
                        "/blocks/0/text/text", "less than 151"),
    "mrkdwn header": ([{"type": "header", "text": {"type": "mrkdwn", "text": "h"}}], "/blocks/0/text/type",
                      "plain_text"),
    "too many context elements": ([{"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}],
                                  "/blocks/0/elements", "no more than 10"),
    "too many actions": ([{"type": "actions", "elements": [button(action_id=f"a{i}") for i in range(26)]}],
                         "/blocks/0/elements", "no more than 25"),
    "duplicate action_id": ([{"type": "actions", "elements": [button(), button()]}],
                            "/blocks/0/elements/1/action_id", "duplicate"),
    "button text too long": ([section(accessory=button("b" * 76))], "/blocks/0/accessory/text/text",
                             "less than 76"),
    "bad button style": ([section(accessory=button(style="secondary"))], "/blocks/0/accessory/style",
                         "primary, danger"),
    "button value too long": ([section(accessory=button(value="v" * 2001))], "/blocks/0/accessory/value",
                              "less than 2001"),
    "action_id too long": ([section(accessory=button(action_id="a" * 256))], "/blocks/0/accessory/action_id",
                           "less than 256"),
    "confirm text too long": (
        [section(accessory=button(confirm={"title": {"type": "plain_text", "text": "Sure?"},
                                           "text": {"type": "mrkdwn", "text": "t" * 301},
                                           "confirm": {"type": "plain_text", "text": "Yes"},
                                           "deny": {"type": "plain_text", "text": "No"}}))],
        "/blocks/0/accessory/confirm/text/text", "less than 301"),
    "too many select options": (
        [section(accessory={"type": "static_select", "action_id": "s",
                            "options": [{"text": {"type": "plain_text", "text": "o"}, "value": str(i)}
                                        for i in range(101)]})],
        "/blocks/0/accessory/options", "no more than 100"),
    "option value too long": (
        [section(accessory={"type": "static_select", "action_id": "s",
                            "options": [{"text": {"type": "plain_text", "text": "o"}, "value": "v" * 151}]})],
        "/blocks/0/accessory/options/0/value", "less than 151"),
    "placeholder too long": (
        [section(accessory={"type": "users_select", "action_id": "u",
                            "placeholder": {"type": "plain_text", "text": "p" * 151}})],
        "/blocks/0/accessory/placeholder/text", "less than 151"),
    "overflow with 6 options": (
        [section(accessory={"type": "overflow", "action_id": "o",
                            "options": [{"text": {"type": "plain_text", "text": "o"}, "value": str(i)}
                                        for i in range(6)]})],
        "/blocks/0/accessory/options", "no more than 5"),
    "bad initial_date": ([{"type": "actions", "elements": [{"type": "datepicker", "action_id": "d",
                                                            "initial_date": "31/12/2024"}]}],
                         "/blocks/0/elements/0/initial_date", "must match"),
}


@pytest.mark.parametrize("blocks, pointer, what", MESSAGE_BLOCK_CASES.values(), ids=MESSAGE_BLOCK_CASES.keys())
def test_invalid_message_blocks_are_rejected(client, fake, blocks, pointer, what):
    err = slack_error(client.chat_postMessage, channel="C1", text="fallback", blocks=blocks)
    assert err.response["error"] == "invalid_blocks"
    messages = err.response["response_metadata"]["messages"]
    assert any(what in m and m.endswith(f"[json-pointer:{pointer}]") for m in messages), messages
    assert fake.messages["C1"] == []


def test_message_text_limit(client):
    assert slack_error(client.chat_postMessage, channel="C1", text="x" * 40_001).response["error"] == "msg_too_long"
    assert client.chat_postMessage(channel="C1", text="x" * 40_000)["ok"]


VIEW_CASES = {
    "title too long": (modal([section()], title={"type": "plain_text", "text": "t" * 25}), "/view/title/text"),
    "modal without title": (modal([section()], title=None), "/view/title"),
    "inputs but no submit": (modal([text_input()], submit=None), "/view/submit"),
    "submit too long": (modal([section()], submit={"type": "plain_text", "text": "s" * 25}), "/view/submit/text"),
    "bad view type": (modal([section()], type="workflow_step"), "/view/type"),
    "too many blocks": (modal([{"type": "divider"}] * 101), "/view/blocks"),
    "no blocks": (modal([]), "/view/blocks"),
    "private_metadata too long": (modal([section()], private_metadata="m" * 3001), "/view/private_metadata"),
    "callback_id too long": (modal([section()], callback_id="c" * 256), "/view/callback_id"),
    "input without element": (modal([{"type": "input", "label": {"type": "plain_text", "text": "L"}}]),
                               "/view/blocks/0/element"),
    "button as input element": (modal([{**text_input(), "element": button()}]), "/view/blocks/0/element/type"),
    "max_length over 3000": (modal([text_input(max_length=3001)]), "/view/blocks/0/element/max_length"),
    "input label too long": (modal([{**text_input(), "label": {"type": "plain_text", "text": "l" * 2001}}]),
                             "/view/blocks/0/label/text"),
}


@pytest.mark.parametrize("view, pointer", VIEW_CASES.values(), ids=VIEW_CASES.keys())
def test_invalid_views_are_rejected(client, fake, view, pointer):
    err = slack_error(client.views_open, trigger_id=fake.new_trigger_id(), view=view)
    assert err.response["error"] == "invalid_arguments"
    messages = err.response["response_metadata"]["messages"]
    assert any(m.endswith(f"[json-pointer:{pointer}]") for m in messages), messages


# --- triggers --------------------------------------------------------------------------------------

def test_views_open_with_valid_trigger(client, fake):
    view = client.views_open(trigger_id=fake.new_trigger_id(), view=modal([text_input()], callback_id="ncr"))["view"]
    assert view["id"].startswith("V") and view["hash"] and view["callback_id"] == "ncr"
    assert fake.views[view["id"]]["blocks"][0]["block_id"] == "title"
    updated = client.views_update(view_id=view["id"], hash=view["hash"], view=modal([section("done")]))["view"]
    assert updated["id"] == view["id"] and updated["hash"] != view["hash"]
    stale = slack_error(client.views_update, view_id=view["id"], hash=view["hash"], view=modal([section()]))
    assert stale.response["error"] == "hash_conflict"
    assert client.views_push(trigger_id=fake.new_trigger_id(), view=modal([section()]))["ok"]


def test_trigger_rules():
    with FakeSlack(trigger_ttl=0.2) as fake:
        client = WebClient(token=fake.bot_token, base_url=fake.base_url)
        used, stale, killed = fake.new_trigger_id(), fake.new_trigger_id(), fake.new_trigger_id()
        client.views_open(trigger_id=used, view=modal([section()]))
        fake.expire_trigger(killed)
        time.sleep(0.25)
        for trigger_id, error in [(used, "exchanged_trigger_id"), (stale, "expired_trigger_id"),
                                  (killed, "expired_trigger_id"), ("1.2.nope", "invalid_trigger_id")]:
            assert slack_error(client.views_open, trigger_id=trigger_id, view=modal([section()])).response["error"] \
                == error


def test_home_tab_publish(client, fake):
    home = {"type": "home", "blocks": [section("Your open NCRs"), text_input()]}
    first = client.views_publish(user_id="U_ALICE", view=home)["view"]
    again = client.views_publish(user_id="U_ALICE", view=home)["view"]
    assert first["id"] == again["id"] and fake.home_views["U_ALICE"]["type"] == "home"
    assert slack_error(client.views_publish, user_id="U_ALICE", view=modal([section()])).response["error"] == \
        "invalid_arguments"
    assert slack_error(client.views_publish, user_id="U_NOBODY", view=home).response["error"] == "user_not_found"


# --- injected failures -------------------------------------------------------------------------------

def test_rate_limit_429_with_retry_after(client, fake):
    fake.fail("chat.postMessage", status=429, retry_after=7)
    err = slack_error(client.chat_postMessage, channel="C1", text="hi")
    assert err.response.status_code == 429
    assert err.response.headers["Retry-After"] == "7"
    assert err.response["error"] == "ratelimited"
    assert client.chat_postMessage(channel="C1", text="hi")["ok"]  # times=1: next call goes through


def test_rate_limit_is_retried_by_sdk_handler(fake, monkeypatch):
    monkeypatch.setattr("slack_sdk.http_retry.builtin_handlers.random.random", lambda: 0.0)  # no jitter sleep
    fake.fail("chat.postMessage", status=429, retry_after=0)
    retrying = WebClient(token=fake.bot_token, base_url=fake.base_url,
                         retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)])
    assert retrying.chat_postMessage(channel="C1", text="hi")["ok"]
    assert [c.status for c in fake.calls_to("chat.postMessage")] == [429, 200]


def test_503_has_a_plain_body(client, fake):
    fake.fail("users.info", status=503)
    err = slack_error(client.users_info, user="U_ALICE")
    assert err.response.status_code == 503
    assert fake.calls_to("users.info")[0].response is None


def test_ok_false_injection(client, fake):
    fake.fail("users.info", error="fatal_error", times=2)
    for _ in range(2):
        assert slack_error(client.users_info, user="U_ALICE").response["error"] == "fatal_error"
    assert client.users_info(user="U_ALICE")["ok"]
    fake.fail("users.info", error="team_added_to_org", times=-1)
    for _ in range(3):
        slack_error(client.users_info, user="U_ALICE")
    fake.clear_failures()
    assert client.users_info(user="U_ALICE")["ok"]
    assert (len(fake.calls_to("users.info")), len(fake.ok_calls("users.info"))) == (7, 2)


# --- successful flows ------------------------------------------------------------------------------

def test_post_update_permalink_delete(client, fake):
    posted = client.chat_postMessage(channel="C_QUALITY", text="NCR-1 opened", blocks=[section("NCR-1")])
    ts = posted["ts"]
    assert fake.messages["C_QUALITY"][0]["blocks"][0]["text"]["text"] == "NCR-1"
    client.chat_update(channel="C_QUALITY", ts=ts, text="NCR-1 closed")
    stored = fake.messages["C_QUALITY"][0]
    assert (stored["text"], stored["blocks"][0]["text"]["text"]) == ("NCR-1 closed", "NCR-1")  # blocks kept
    link = client.chat_getPermalink(channel="C_QUALITY", message_ts=ts)["permalink"]
    assert link == f"https://example.slack.com/archives/C_QUALITY/p{ts.replace('.', '')}"
    second = client.chat_postMessage(channel="C_QUALITY", text="again")["ts"]
    assert float(second) > float(ts)
    client.chat_delete(channel="C_QUALITY", ts=ts)
    assert [m["ts"] for m in fake.messages["C_QUALITY"]] == [second]
    assert slack_error(client.chat_update, channel="C_QUALITY", ts=ts, text="x").response["error"] == \
        "message_not_found"


def test_form_encoded_blocks_are_accepted(client, fake):
    client.api_call("chat.postMessage", params={"channel": "C1", "blocks": json.dumps([section("form")])})
    assert fake.messages["C1"][0]["blocks"] == [section("form")]
    err = slack_error(client.api_call, "chat.postMessage", params={"channel": "C1", "blocks": "not json"})
    assert err.response["error"] == "invalid_blocks_format"


def test_channels_and_membership(client, fake):
    fake.add_channel("C_PRIVATE", is_member=False)
    assert slack_error(client.chat_postMessage, channel="C_PRIVATE", text="x").response["error"] == "not_in_channel"
    assert slack_error(client.chat_postMessage, channel="#general", text="x").response["error"] == \
        "channel_not_found"
    assert client.conversations_join(channel="C_PRIVATE")["channel"]["is_member"]
    assert client.chat_postMessage(channel="C_PRIVATE", text="x")["ok"]
    assert client.conversations_info(channel="C_OTHER")["channel"]["is_member"]
    dm = client.conversations_open(users="U_BOB")["channel"]["id"]
    assert dm == "DU_BOB"
    assert client.chat_postMessage(channel="U_BOB", text="psst")["channel"] == dm
    assert client.chat_postEphemeral(channel="C1", user="U_BOB", text="only you")["message_ts"]
    assert fake.ephemerals["C1"][0]["user"] == "U_BOB"


def test_users_info(client, fake):
    admin = client.users_info(user="U_ADMIN")["user"]
    assert admin["is_admin"] and admin["profile"]["real_name"] == "Admin"
    fake.add_user("U_DAVE", real_name="Dave Davis", tz="Europe/Berlin", deleted=True)
    dave = client.users_info(user="U_DAVE")["user"]
    assert (dave["real_name"], dave["tz"], dave["deleted"]) == ("Dave Davis", "Europe/Berlin", True)
    assert slack_error(client.users_info, user="U_GHOST").response["error"] == "user_not_found"


def test_file_upload_round_trip(client, fake):
    result = client.files_upload_v2(content=b"id,title\n1,Broken jig\n", filename="ncrs.csv", title="NCRs",
                                    channel="C_QUALITY", initial_comment="Export")
    file = result["file"]
    assert fake.uploads[file["id"]] == b"id,title\n1,Broken jig\n"
    assert (file["title"], file["channels"], file["mimetype"]) == ("NCRs", ["C_QUALITY"], "text/csv")
    assert fake.files[file["id"]]["initial_comment"] == "Export"


def test_response_url_is_recorded_and_validated(fake):
    url = fake.new_response_url()
    assert WebhookClient(url).send(text="Saved", response_type="ephemeral").status_code == 200
    call = fake.wait_for("response_url")[0]
    assert call.args == {"text": "Saved", "response_type": "ephemeral"}
    bad = WebhookClient(url).send(text="x", blocks=[text_input()])
    assert bad.status_code == 400 and json.loads(bad.body)["error"] == "invalid_blocks"
    assert WebhookClient(url).send_dict({"delete_original": True}).status_code == 200
    assert WebhookClient(fake.root_url + "/response/unknown").send(text="x").status_code == 404


def test_wait_for_reports_what_was_seen(client, fake):
    slack_error(client.users_info, user="U_GHOST")
    with pytest.raises(AssertionError, match="users.info -> 200 user_not_found"):
        fake.wait_for("chat.postMessage", timeout=0.1)
    fake.clear_calls()
    assert fake.calls == []


def test_reset_restores_a_fresh_workspace(client, fake):
    fake.add_channel("C_LOCKED", is_member=False)
    fake.add_user("U_TEMP")
    fake.fail("auth.test", times=-1)
    first_ts = client.chat_postMessage(channel="C1", text="before")["ts"]
    fake.reset()
    assert (fake.calls, fake.messages["C1"], fake.views) == ([], [], {})
    assert "U_TEMP" not in fake.users and fake.users["U_ADMIN"]["is_admin"]
    assert client.auth_test()["ok"] and client.chat_postMessage(channel="C_LOCKED", text="x")["ok"]
    assert float(client.chat_postMessage(channel="C1", text="after")["ts"]) > float(first_ts)


# --- inbound request builders --------------------------------------------------------------------

def test_signed_headers_verify():
    body = req.slash_command_body(trigger_id="1.2.3", response_url="http://x/response/1", text="new ncr")
    headers = req.signed_headers(body, SECRET)
    assert SignatureVerifier(SECRET).is_valid(body, headers["X-Slack-Request-Timestamp"],
                                              headers["X-Slack-Signature"])
    assert parse_qs(body)["command"] == ["/qms"] and parse_qs(body)["text"] == ["new ncr"]
    payload = req.block_actions_payload(action_id="a", user_id="U_BOB", channel_id="C1", message_ts="1.2",
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


def test_bolt_app_round_trip(fake):
    """Signed requests built here drive a real Bolt App whose client talks to the fake."""
    app = App(signing_secret=SECRET, client=WebClient(token=fake.bot_token, base_url=fake.base_url))

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
    body = req.slash_command_body(trigger_id=fake.new_trigger_id(), response_url=fake.new_response_url())
    assert dispatch(body, form).status == 200
    view = fake.wait_for("views.open")[0].response["view"]
    submission = req.view_submission_payload(view=view, values=req.input_values(view, title="Broken jig"),
                                             user_id="U_ALICE")
    assert dispatch(req.interactive_body(submission), form).status == 200
    assert fake.wait_for("chat.postMessage")[0].args["text"] == "Broken jig"
    event = req.event_body({"type": "app_home_opened", "user": "U_ALICE", "tab": "home"})
    assert dispatch(json.dumps(event), "application/json").status == 200
    assert fake.wait_for("views.publish")[0].args["user_id"] == "U_ALICE"
    assert dispatch(json.dumps(req.url_verification_body("c1")), "application/json").body == '{"challenge": "c1"}'
