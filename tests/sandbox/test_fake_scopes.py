"""The fake Slack answers `missing_scope` for a method the app has no scope for, as Slack does: a scope the
manifest forgot fails a test instead of a real workspace."""
import json
from pathlib import Path

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox.slack import scopes
from bot.sandbox.slack.server import METHODS, FakeSlack

SPEC = Path(__file__).resolve().parents[3] / "shared" / "slack" / "web-api.openapi-v2.json"


def test_a_method_without_its_scope_is_refused_and_says_what_it_needs():
    with FakeSlack(scopes=frozenset({"chat:write"})) as fake:
        client = WebClient(token=fake.bot_token, base_url=fake.base_url)
        with pytest.raises(SlackApiError) as refused:
            client.conversations_info(channel="C_QUALITY")
        assert refused.value.response["error"] == "missing_scope"
        assert "groups:read" in refused.value.response["needed"]
        assert fake.ok_calls("conversations.info") == []


def test_the_manifest_grants_every_method_the_fake_serves():
    granted = scopes.granted_by_manifest()
    assert {"chat:write", "channels:read", "groups:read", "users:read"} <= granted
    assert [method for method in METHODS if scopes.missing(method, granted)] == []


def test_the_scope_table_agrees_with_slacks_web_api_reference():
    if not SPEC.exists():
        pytest.skip("Slack's Web API reference (../shared/slack) is not beside this checkout")
    paths = json.loads(SPEC.read_text())["paths"]
    for method, needs in scopes.NEEDS.items():
        operations = paths.get(f"/{method}")
        if operations is None:  # newer than the reference (files_upload_v2's methods, apps.connections.open)
            continue
        listed = {scope for operation in operations.values() for security in operation.get("security") or []
                  for scope in security.get("slackAuth", [])}
        listed = {"chat:write" if scope.startswith("chat:write:") else scope for scope in listed}
        assert listed & set(needs), method
