"""A response URL takes valid messages only, at most five, within 30 minutes; then Slack's hooks say 404."""
from __future__ import annotations

import json

from slack_sdk.webhook import WebhookClient

from bot.sandbox.slack.grants import EXPIRED_URL, RESPONSE_URL_TTL, RESPONSE_URL_USES, USED_URL
from tests.support.webapi import text_input


def test_response_url_is_recorded_and_validated(fake_slack):
    url = fake_slack.new_response_url()
    assert WebhookClient(url).send(text="Saved", response_type="ephemeral").status_code == 200
    call = fake_slack.wait_for("response_url")[0]
    assert call.args == {"text": "Saved", "response_type": "ephemeral"}
    bad = WebhookClient(url).send(text="x", blocks=[text_input()])
    assert bad.status_code == 400 and json.loads(bad.body)["error"] == "invalid_blocks"
    assert WebhookClient(url).send_dict({"delete_original": True}).status_code == 200
    assert WebhookClient(fake_slack.root_url + "/response/unknown").send(text="x").status_code == 404


def test_five_uses_then_used(fake_slack):
    hook = WebhookClient(fake_slack.new_response_url())
    assert hook.send(text="x", blocks=[text_input()]).status_code == 400  # refused messages use nothing up
    assert [hook.send(text=f"answer {n}").status_code for n in range(RESPONSE_URL_USES)] == [200] * 5
    sixth = hook.send(text="one too many")
    assert (sixth.status_code, sixth.body) == (404, USED_URL)
    assert WebhookClient(fake_slack.new_response_url()).send(text="a new interaction's URL").status_code == 200


def test_thirty_minutes_then_expired(fake_slack, monkeypatch):
    now = [5000.0]
    monkeypatch.setattr(fake_slack, "clock", lambda: now[0])
    hook = WebhookClient(fake_slack.new_response_url())
    now[0] += RESPONSE_URL_TTL - 1
    assert hook.send(text="just in time").status_code == 200
    now[0] += 1
    late = hook.send(text="too late")
    assert (late.status_code, late.body) == (404, EXPIRED_URL)
    assert RESPONSE_URL_TTL == 30 * 60
    killed = fake_slack.new_response_url()
    fake_slack.expire_response_url(killed)
    assert WebhookClient(killed).send(text="x").body == EXPIRED_URL
    assert [c.status for c in fake_slack.calls_to("response_url")] == [200, 404, 404]
