"""FakeSlack speaks Slack's Web API protocol: tokens, methods, arguments, recording and reset."""
from __future__ import annotations

import json

import pytest
from slack_sdk import WebClient

from tests.support.webapi import EventList, error_of, section, slack_error


def test_auth_test_identifies_the_bot(client):
    data = client.auth_test().data
    assert (data["user_id"], data["bot_id"], data["team_id"]) == ("UBOT", "B111", "T111")


def test_unknown_method(client, fake_slack):
    err = slack_error(client.api_call, "nope.nothing")
    assert (err.response.status_code, err.response["error"]) == (200, "unknown_method")
    assert fake_slack.calls_to("nope.nothing")[0].error == "unknown_method"


def test_missing_required_argument(client, fake_slack):
    err = slack_error(client.api_call, "chat.postMessage", json={"text": "hi"})
    assert err.response["error"] == "invalid_arguments"
    assert err.response["response_metadata"]["messages"] == ["[ERROR] missing required field: channel"]
    assert error_of(client.api_call, "chat.postMessage", json={"channel": "C_QUALITY"}) == "no_text"
    assert error_of(client.views_open, trigger_id="", view={"type": "modal"}) == "invalid_arguments"


@pytest.mark.parametrize("token, error", [(None, "not_authed"), ("xoxb-wrong", "invalid_auth"),
                                          ("xapp-1-abc", "invalid_auth")])
def test_bad_tokens(fake_slack, token, error):
    assert error_of(WebClient(token=token, base_url=fake_slack.base_url).auth_test) == error


def test_socket_mode_connection_takes_app_token(fake_slack, client):
    app_client = WebClient(token="xapp-1-anything", base_url=fake_slack.base_url)
    assert error_of(app_client.apps_connections_open, app_token="xapp-1-anything") == "not_configured"
    fake_slack.socket_mode_url = "ws://127.0.0.1:1/socket"
    assert app_client.apps_connections_open(app_token="xapp-1-anything")["url"] == fake_slack.socket_mode_url
    assert error_of(client.api_call, "apps.connections.open") == "not_allowed_token_type"


def test_form_encoded_blocks_are_accepted(client, fake_slack):
    client.api_call("chat.postMessage", params={"channel": "C_QUALITY", "blocks": json.dumps([section("form")])})
    assert fake_slack.messages["C_QUALITY"][0]["blocks"] == [section("form")]
    assert error_of(client.api_call, "chat.postMessage", params={"channel": "C_QUALITY", "blocks": "not json"}) == \
        "invalid_blocks_format"


def test_users_info(client, fake_slack):
    admin = client.users_info(user="U_ADMIN")["user"]
    assert admin["is_admin"] and admin["profile"]["real_name"] == "Admin"
    fake_slack.add_user("U_DAVE", real_name="Dave Davis", tz="Europe/Berlin", deleted=True)
    dave = client.users_info(user="U_DAVE")["user"]
    assert (dave["real_name"], dave["tz"], dave["deleted"]) == ("Dave Davis", "Europe/Berlin", True)
    assert error_of(client.users_info, user="U_GHOST") == "user_not_found"


def test_file_upload_round_trip(client, fake_slack):
    result = client.files_upload_v2(content=b"id,title\n1,Broken jig\n", filename="ncrs.csv", title="NCRs",
                                    channel="C_QUALITY", initial_comment="Export")
    file = result["file"]
    assert fake_slack.uploads[file["id"]] == b"id,title\n1,Broken jig\n"
    assert (file["title"], file["channels"], file["mimetype"]) == ("NCRs", ["C_QUALITY"], "text/csv")
    assert fake_slack.files[file["id"]]["initial_comment"] == "Export"


def test_wait_for_reports_what_was_seen(client, fake_slack):
    slack_error(client.users_info, user="U_GHOST")
    with pytest.raises(AssertionError, match="users.info -> 200 user_not_found"):
        fake_slack.wait_for("chat.postMessage", timeout=0.1)
    fake_slack.clear_calls()
    assert fake_slack.calls == []


def test_reset_restores_a_fresh_workspace(client, fake_slack):
    fake_slack.add_channel("C_LOCKED", is_member=False)
    fake_slack.add_user("U_TEMP")
    fake_slack.fail("auth.test", times=-1)
    fake_slack.send_events_to(EventList())
    first_ts = client.chat_postMessage(channel="C_QUALITY", text="before")["ts"]
    fake_slack.reset()
    assert (fake_slack.calls, fake_slack.messages["C_QUALITY"], fake_slack.views) == ([], [], {})
    assert "U_TEMP" not in fake_slack.users and "C_LOCKED" not in fake_slack.channels
    assert fake_slack.users["U_ADMIN"]["is_admin"] and fake_slack.events_to is None
    assert client.auth_test()["ok"]
    assert float(client.chat_postMessage(channel="C_QUALITY", text="after")["ts"]) > float(first_ts)
