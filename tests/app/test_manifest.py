"""app.yaml is a valid Slack manifest, and it and the registered listeners match exactly."""
import json
import re
from pathlib import Path

import pytest
import yaml
from slack_bolt import App

from handlers import register_all

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT.parent / "shared" / "slack" / "manifest.schema.1.0.0.json"
MANIFEST = yaml.safe_load((ROOT / "app.yaml").read_text())


class Recorder:
    """Stands in for the App during registration and notes what is listened to."""

    def __init__(self):
        self.seen = {"command": set(), "message_shortcut": set(), "global_shortcut": set(), "event": set()}
        self.app = App(token="xoxb-x", signing_secret="x", token_verification_enabled=False)

    def __getattr__(self, name):
        real = getattr(self.app, name)
        if name not in self.seen:
            return real

        def register(key, *args, **kwargs):
            self.seen[name].add(key if isinstance(key, str) else key.get("type"))
            return real(key, *args, **kwargs)
        return register


def declared():
    features, settings = MANIFEST["features"], MANIFEST["settings"]
    shortcuts = features.get("shortcuts", [])
    return {
        "command": {item["command"] for item in features.get("slash_commands", [])},
        "message_shortcut": {s["callback_id"] for s in shortcuts if s["type"] == "message"},
        "global_shortcut": {s["callback_id"] for s in shortcuts if s["type"] == "global"},
        # message.channels, .groups and .im all arrive as the "message" event
        "event": {name.split(".")[0] for name in settings["event_subscriptions"]["bot_events"]},
    }


def test_manifest_and_listeners_match_both_ways():
    recorder = Recorder()
    register_all(recorder)
    assert recorder.seen == declared()


@pytest.mark.skipif(not SCHEMA.exists(), reason="Slack's manifest schema (../shared/slack) is not on this machine")
def test_manifest_is_valid_against_slacks_schema():
    import jsonschema

    jsonschema.validate(MANIFEST, json.loads(SCHEMA.read_text()))


def test_every_scope_is_used_by_the_code():
    """Scopes are least-privilege: each one is needed by a call or an event the code has."""
    code = "\n".join(path.read_text() for folder in ("bot", "handlers") for path in (ROOT / folder).rglob("*.py"))
    needs = {
        "commands": r"app\.command\(",
        "chat:write": r"chat[._](postMessage|update|postEphemeral)",
        "users:read": r"users_info\(",
        "channels:join": r"conversations[._]join",
        "im:write": r"conversations[._]open",
        "channels:history": r"app\.event\(\"message\"\)|conversations[._]history",
        "groups:history": r"app\.event\(\"message\"\)|conversations[._]history",
        "im:history": r"app\.event\(\"message\"\)|conversations[._]history",
        "files:write": r"files_upload_v2\(",
        "channels:read": r"conversations_info\(",
        "groups:read": r"conversations_info\(",
    }
    scopes = MANIFEST["oauth_config"]["scopes"]["bot"]
    assert set(scopes) == set(needs)
    for scope in scopes:
        assert re.search(needs[scope], code), f"{scope} is declared but nothing uses it"
    assert MANIFEST["settings"]["socket_mode_enabled"] is True
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True


def test_the_messages_tab_is_writable_so_approvers_can_reply_in_their_dm_copy():
    home = MANIFEST["features"]["app_home"]
    assert home["messages_tab_enabled"] is True and home["messages_tab_read_only_enabled"] is False
    assert "message.im" in MANIFEST["settings"]["event_subscriptions"]["bot_events"]
