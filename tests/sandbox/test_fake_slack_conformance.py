"""FakeSlack's tables agree with Slack's published reference data (skipped without it).

The reference lives outside the repo (../shared/slack); the fake itself only uses the
copies embedded in bot/sandbox/slack, so the project's tests never need it.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from bot.sandbox.slack import requests as req
from bot.sandbox.slack.blockkit import LIMITS
from bot.sandbox.slack.server import METHODS

# ../shared/slack next to the checkout (a worktree sits one level deeper than the main checkout).
_PLACES = [folder / "shared" / "slack" for folder in Path(__file__).resolve().parents[2:]]
SHARED = next((place for place in _PLACES if place.is_dir()), _PLACES[1])
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=f"Slack reference data not present at {SHARED}")

# Methods newer than the OpenAPI spec snapshot (v1.7.0 predates them); they are documented at
# docs.slack.dev and slack-sdk calls them (files_upload_v2, Socket Mode).
NEWER_THAN_SPEC = {"files.getUploadURLExternal", "files.completeUploadExternal", "apps.connections.open"}
ENTERPRISE_KEYS = {"enterprise_id", "enterprise_name"}  # Trellis runs in a plain (non-Grid) workspace


@pytest.fixture(scope="module")
def spec_paths() -> dict:
    return json.loads((SHARED / "web-api.openapi-v2.json").read_text())["paths"]


def spec_required(operations: dict) -> set[str]:
    """Swagger 2: required arguments are parameters with required=true (token is handled as auth)."""
    return {p["name"] for op in operations.values() for p in op.get("parameters", [])
            if p.get("required") and p["name"] != "token"}


def test_embedded_blockkit_limits_match_reference():
    assert LIMITS == json.loads((SHARED / "blockkit-limits.json").read_text())


def test_newer_than_spec_list_is_accurate(spec_paths):
    assert NEWER_THAN_SPEC <= set(METHODS)
    assert not {f"/{name}" for name in NEWER_THAN_SPEC} & set(spec_paths)


@pytest.mark.parametrize("name", sorted(set(METHODS) - NEWER_THAN_SPEC))
def test_method_exists_and_requires_what_slack_requires(spec_paths, name):
    assert f"/{name}" in spec_paths, f"{name} is not a Slack Web API method"
    missing = spec_required(spec_paths[f"/{name}"]) - set(METHODS[name].required)
    assert not missing, f"Slack requires {sorted(missing)} for {name}; the fake does not"


def payload(name: str) -> dict:
    return json.loads((SHARED / "payloads" / name).read_text())


def test_slash_command_body_has_the_real_fields_in_order():
    real = [k for k, _ in parse_qsl((SHARED / "payloads" / "bolt_slash_command__form_body.txt").read_text())]
    ours = [k for k, _ in parse_qsl(req.slash_command_body(trigger_id="1.2.3", response_url="http://x"),
                                    keep_blank_values=True)]
    assert ours == [k for k in real if k not in ENTERPRISE_KEYS]


BUILT = {
    "bolt_block_actions__body.json": lambda: req.block_actions_payload(
        action_id="a", user_id="U1", channel_id="C1", message_ts="1.2", trigger_id="1.2.3", response_url="http://x"),
    "bolt_view_submission__body.json": lambda: req.view_submission_payload(
        view=payload("bolt_view_submission__body.json")["view"], values={}, user_id="U1"),
    "bolt_shortcut__global_shortcut_body.json": lambda: req.global_shortcut_payload(
        callback_id="c", user_id="U1", trigger_id="1.2.3"),
    "bolt_shortcut__message_shortcut_body.json": lambda: req.message_shortcut_payload(
        callback_id="c", user_id="U1", channel_id="C1", message={"ts": "1.2", "text": "t"},
        trigger_id="1.2.3", response_url="http://x"),
    "docs_app_home_opened__event_callback.json": lambda: req.event_body({"type": "app_home_opened"}),
    "bolt_events_url_verification__event_body.json": lambda: req.url_verification_body("c"),
}


@pytest.mark.parametrize("name", sorted(BUILT))
def test_payload_builders_have_the_real_fields(name):
    real, ours = payload(name), BUILT[name]()
    assert set(real) - ENTERPRISE_KEYS <= set(ours)
    assert ours["type"] == real["type"]
    for key, value in real.items():  # nested objects too, except the ones the caller passes in whole
        if isinstance(value, dict) and key not in {"event", "message"}:
            assert set(value) - ENTERPRISE_KEYS <= set(ours[key]), key
