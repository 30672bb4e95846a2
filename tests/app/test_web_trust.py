"""The HTTP edge (bot/web.py): nothing that is not provably Slack's is acted on, answered or
logged; bodies are bounded; a signed body Slack would never send is a 400, not a crash."""
import hashlib
import hmac
import json
import logging
import time

import pytest
from slack_bolt.request import BoltRequest

from bot.sandbox.slack import requests as sr
from tests.support.fixtures import SIGNING_SECRET

FORM = "application/x-www-form-urlencoded"
MARK = "BODY-MARK-7f3a"  # appears in request bodies, and must never appear in the log


def signed(body: bytes, timestamp: str, secret: str = SIGNING_SECRET) -> dict:
    """Slack's v0 signature over whatever timestamp text is sent: a request signed with the secret."""
    digest = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}"}


def requests_that_would_answer(fake) -> list[tuple[str, str]]:
    """A click (answered on its response_url), a global shortcut (answered by DM), a command."""
    return [
        (sr.interactive_body(sr.block_actions_payload(
            action_id="nc_step_investigate", value="NC-1", user_id="U_ALICE", channel_id="C_GENERAL",
            message_ts="1700000000.000100", trigger_id=fake.new_trigger_id(),
            response_url=fake.new_response_url())), "click"),
        (sr.interactive_body(sr.global_shortcut_payload(
            callback_id="new_nonconformance", user_id="U_ALICE", team_id="T111",
            trigger_id=fake.new_trigger_id())), "shortcut"),
        (sr.slash_command_body(text="nc " + MARK, trigger_id=fake.new_trigger_id(),
                               response_url=fake.new_response_url()), "command"),
    ]


ODD_TIMESTAMPS = ["abc", "1e9", "12.5", "", " 1700000000", "+1700000000", "1_700_000_000", "99999999999999999999"]


@pytest.mark.parametrize("timestamp", ODD_TIMESTAMPS)
def test_a_signed_request_with_an_odd_timestamp_is_401_and_reaches_nobody(slack, timestamp, caplog):
    """Bolt's own check calls int() on the header and its error handler used to apologise to
    whoever the body named; the edge refuses the request before anything reads the body."""
    caplog.set_level(logging.DEBUG)
    for body, _kind in requests_that_would_answer(slack.fake):
        headers = {"Content-Type": FORM, **signed(body.encode(), timestamp)}
        response = slack.http.post("/slack/events", content=body.encode(), headers=headers)
        assert response.status_code == 401 and response.content == b""
    assert slack.fake.calls == []
    assert MARK not in caplog.text and "Traceback" not in caplog.text


def test_a_request_without_a_timestamp_or_signature_is_401(slack):
    for body, _kind in requests_that_would_answer(slack.fake):
        good = signed(body.encode(), str(int(time.time())))
        for missing in ("X-Slack-Request-Timestamp", "X-Slack-Signature"):
            headers = {"Content-Type": FORM, **{k: v for k, v in good.items() if k != missing}}
            assert slack.http.post("/slack/events", content=body.encode(), headers=headers).status_code == 401
    assert slack.fake.calls == []


def test_bolt_acts_on_nothing_the_edge_did_not_verify(app, fake_slack):
    """Structural: a request handed to Bolt without the edge's mark goes no further, whatever it says."""
    fake_slack.clear_calls()  # the app's start-up auth.test
    for body, _kind in requests_that_would_answer(fake_slack):
        request = BoltRequest(body=body, headers={"content-type": FORM, **signed(body.encode(), str(int(time.time())))})
        response = app.dispatch(request)
        assert response.status == 401 and response.body == ""
    assert fake_slack.calls == []


def test_the_error_handler_sends_nothing_for_a_request_the_edge_did_not_verify(app, fake_slack):
    from bot.app import handle_error

    fake_slack.clear_calls()  # the app's start-up auth.test
    for body, _kind in requests_that_would_answer(fake_slack):
        request = BoltRequest(body=body, headers={"content-type": FORM})
        request.context["client"] = app.client  # everything an apology would need
        response = handle_error(ValueError("boom"), request, request.body, logging.getLogger("test"))
        assert response.status == 401 and response.body == ""
    assert fake_slack.calls == []


def test_an_oversized_unsigned_body_is_413_before_it_is_read_and_nothing_is_logged(slack, caplog):
    caplog.set_level(logging.DEBUG)
    body = (MARK + "x" * 1024) * 8 * 1024  # 8 MiB
    response = slack.http.post("/slack/events", content=body.encode(), headers={"Content-Type": FORM})
    assert response.status_code == 413
    assert MARK not in caplog.text and len(caplog.text) < 1000
    assert slack.fake.calls == []


def test_a_body_over_the_limit_is_refused_while_streaming(app, fake_slack):
    """A chunked body has no Content-Length: the edge counts and stops pulling chunks at the limit."""
    import asyncio

    from bot.web import MAX_BODY_BYTES, create_web_app

    chunk, pulled, sent = b"x" * 65536, [], []
    fake_slack.clear_calls()  # the app's start-up auth.test

    async def receive():
        pulled.append(len(chunk))
        return {"type": "http.request", "body": chunk, "more_body": True}  # an endless body

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/slack/events", "query_string": b"",
             "headers": [(b"content-type", FORM.encode()), (b"transfer-encoding", b"chunked"),
                         (b"x-slack-request-timestamp", str(int(time.time())).encode())]}
    asyncio.run(create_web_app(app, lambda: {}, signing_secret=SIGNING_SECRET)(scope, receive, send))
    assert sent[0]["status"] == 413
    assert MAX_BODY_BYTES < sum(pulled) <= MAX_BODY_BYTES + len(chunk)
    assert fake_slack.calls == []


MALFORMED = {
    "bad JSON": (b'{"type": "event_callback", ', "application/json"),
    "JSON that is not an object": (b"[1, 2]", "application/json"),
    "bad UTF-8": (b"command=/qms&text=\xff\xfe", FORM),
    "payload that is a list": (b"payload=%5B1%2C2%5D", FORM),
    "payload that is not JSON": (b"payload=not+json", FORM),
    "payload that is a number": (b"payload=1", FORM),
    "a form that is not a form": (b"hello world", FORM),
    "a form of stray separators": (b"command=/qms&&text", FORM),
    "an empty body": (b"", FORM),
    "an object Bolt cannot read ids from": (b'{"type": "event_callback", "authorizations": "x"}', "application/json"),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_a_signed_body_slack_would_never_send_is_400(slack, session_factory, caplog, name):
    body, content_type = MALFORMED[name]
    headers = {"Content-Type": content_type, **signed(body, str(int(time.time())))}
    response = slack.http.post("/slack/events", content=body, headers=headers)
    assert response.status_code == 400 and response.content == b""
    assert slack.fake.calls == [] and "Traceback" not in caplog.text


def test_a_command_that_mentions_payload_is_still_answered(slack):
    """Bolt takes any form mentioning `payload` for an interaction and reads nothing from it."""
    response = slack.command("nc the payload is wrong")
    assert response.status_code == 200
    [opened] = slack.fake.ok_calls("views.open")
    assert "the payload is wrong" in json.dumps(opened.args["view"])


def test_other_paths_and_methods(slack):
    assert slack.http.get("/slack/events").status_code == 405
    assert slack.http.post("/healthz").status_code == 405
    assert slack.http.get("/").status_code == 404
    assert json.loads(slack.http.get("/healthz").content)["ok"] is True
