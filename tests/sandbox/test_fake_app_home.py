"""The Messages tab setting (app.yaml `features.app_home`) is honoured: read-only (or off), nobody can
write to the app — no message in their DM with it, and so no `message.im` event from them."""
from __future__ import annotations

import pytest

from bot.sandbox.slack import FakeSlack, Inbound
from bot.sandbox.slack.app_home import AppHome
from bot.sandbox.slack.replies import ImpossibleInSlack
from bot.sandbox.slack.targets import Answer

READ_ONLY, WRITABLE, OFF = AppHome(True, True), AppHome(True, False), AppHome(False, False)


def manifest(tmp_path, *, enabled: str, read_only: str):
    path = tmp_path / "app.yaml"
    path.write_text(f"features:\n  app_home:\n    home_tab_enabled: true\n    messages_tab_enabled: {enabled}\n"
                    f"    messages_tab_read_only_enabled: {read_only}\n")
    return path


def test_the_setting_is_read_from_the_manifest(tmp_path):
    assert AppHome.from_manifest(manifest(tmp_path, enabled="true", read_only="true")) == READ_ONLY
    assert AppHome.from_manifest(manifest(tmp_path, enabled="true", read_only="false")) == WRITABLE
    assert AppHome.from_manifest(manifest(tmp_path, enabled="false", read_only="false")) == OFF
    assert AppHome.from_manifest(tmp_path / "missing.yaml") == WRITABLE
    assert FakeSlack().app_home == AppHome.from_manifest()  # the project's app.yaml, by default


@pytest.mark.parametrize("app_home", [READ_ONLY, OFF], ids=["read-only", "off"])
def test_nobody_can_write_to_the_app_when_the_tab_does_not_let_them(app_home):
    fake = FakeSlack(app_home=app_home)
    with pytest.raises(ImpossibleInSlack, match="turned off"):
        fake.post_as("U_BOB", "DU_BOB", "Looks fine", thread_ts="1.2")
    assert fake.messages["DU_BOB"] == []
    fake.post_as("U_BOB", "C_QUALITY", "channels are as before")
    sent = []
    inbound = Inbound(fake, lambda body, headers: sent.append(body) or Answer(200, b""), signing_secret="s")
    reply = {"type": "message", "channel": "DU_BOB", "user": "U_BOB", "text": "hi", "ts": "2.1", "thread_ts": "1.2"}
    with pytest.raises(ImpossibleInSlack):
        inbound.event(reply)
    edit = {"type": "message", "subtype": "message_changed", "channel": "DU_BOB", "message": reply}
    with pytest.raises(ImpossibleInSlack):
        inbound.deliver(edit)
    bot_post = {**reply, "user": fake.bot_user_id, "bot_id": fake.bot_id}
    assert inbound.event(bot_post).status_code == 200 and len(sent) == 1  # the app's own DM posts still happen


def test_people_write_to_the_app_when_the_tab_is_writable():
    fake = FakeSlack(app_home=WRITABLE)
    posted = fake.post_as("U_BOB", "DU_BOB", "Looks fine")
    assert fake.messages["DU_BOB"] == [posted]
