"""Injected trouble is per method: 429s with Retry-After, 5xx, `ok: false`, and latency — which compose."""
from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from tests.support.webapi import error_of, slack_error


def test_a_429_is_per_method_and_says_how_long(client, fake_slack):
    fake_slack.fail("chat.postMessage", status=429, retry_after=7)
    err = slack_error(client.chat_postMessage, channel="C_QUALITY", text="hi")
    assert (err.response.status_code, err.response.headers["Retry-After"], err.response["error"]) == \
        (429, "7", "ratelimited")
    assert client.chat_update(channel="C_QUALITY", ts=client.chat_postMessage(channel="C_QUALITY", text="a")["ts"],
                              text="b")["ok"]  # times=1 and only chat.postMessage: both go through now


def test_rate_limit_is_retried_by_sdk_handler(fake_slack, monkeypatch):
    monkeypatch.setattr("slack_sdk.http_retry.builtin_handlers.random.random", lambda: 0.0)  # no jitter sleep
    fake_slack.fail("chat.postMessage", status=429, retry_after=0)
    retrying = WebClient(token=fake_slack.bot_token, base_url=fake_slack.base_url,
                         retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)])
    assert retrying.chat_postMessage(channel="C_QUALITY", text="hi")["ok"]
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [429, 200]


def test_503_has_a_plain_body(client, fake_slack):
    fake_slack.fail("users.info", status=503)
    assert slack_error(client.users_info, user="U_ALICE").response.status_code == 503
    assert fake_slack.calls_to("users.info")[0].response is None


def test_ok_false_injection(client, fake_slack):
    fake_slack.fail("users.info", error="fatal_error", times=2)
    for _ in range(2):
        assert error_of(client.users_info, user="U_ALICE") == "fatal_error"
    assert client.users_info(user="U_ALICE")["ok"]
    fake_slack.fail("users.info", error="team_added_to_org", times=-1)
    for _ in range(3):
        slack_error(client.users_info, user="U_ALICE")
    fake_slack.clear_failures()
    assert client.users_info(user="U_ALICE")["ok"]
    assert (len(fake_slack.calls_to("users.info")), len(fake_slack.ok_calls("users.info"))) == (7, 2)


def impatient(fake_slack) -> WebClient:
    """A client that gives up long before a slowed answer comes (0.05 s against 0.2 s)."""
    return WebClient(token=fake_slack.bot_token, base_url=fake_slack.base_url, timeout=0.05)


def test_a_slow_answer_comes_after_the_effect(client, fake_slack):
    fake_slack.slow("chat.postMessage", 0.2, times=1)
    with pytest.raises((SlackClientError, OSError)):
        impatient(fake_slack).chat_postMessage(channel="C_QUALITY", text="late")
    assert [m["text"] for m in fake_slack.messages["C_QUALITY"]] == ["late"]  # posted all the same
    assert client.chat_postMessage(channel="C_QUALITY", text="on time")["ok"]


def test_slow_and_fail_compose_per_method(client, fake_slack):
    """A slowed method's injected 429 is late too; other methods neither wait nor fail, nor use its turn."""
    fake_slack.slow("chat.postMessage", 0.2, times=1)
    fake_slack.fail("chat.postMessage", status=429, retry_after=3)
    assert client.users_info(user="U_ALICE")["ok"] and client.conversations_info(channel="C_QUALITY")["ok"]
    with pytest.raises((SlackClientError, OSError)):
        impatient(fake_slack).chat_postMessage(channel="C_QUALITY", text="limited, and late")
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [429]
    assert fake_slack.messages["C_QUALITY"] == []  # a 429 has no effect
    assert client.chat_postMessage(channel="C_QUALITY", text="now")["ok"]  # both used up
