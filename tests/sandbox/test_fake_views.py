"""Modals need a fresh trigger id (once, within 3 s); updates check the hash; Home tabs are per person."""
from __future__ import annotations

from tests.support.webapi import error_of, modal, section, text_input


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_views_open_with_valid_trigger(client, fake_slack):
    view = client.views_open(trigger_id=fake_slack.new_trigger_id(),
                             view=modal([text_input()], callback_id="ncr"))["view"]
    assert view["id"].startswith("V") and view["hash"] and view["callback_id"] == "ncr"
    assert fake_slack.views[view["id"]]["blocks"][0]["block_id"] == "title"
    updated = client.views_update(view_id=view["id"], hash=view["hash"], view=modal([section("done")]))["view"]
    assert updated["id"] == view["id"] and updated["hash"] != view["hash"]
    assert error_of(client.views_update, view_id=view["id"], hash=view["hash"], view=modal([section()])) == \
        "hash_conflict"
    assert client.views_push(trigger_id=fake_slack.new_trigger_id(), view=modal([section()]))["ok"]


def test_trigger_rules(client, fake_slack, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(fake_slack, "clock", clock)
    used, stale, killed = fake_slack.new_trigger_id(), fake_slack.new_trigger_id(), fake_slack.new_trigger_id()
    client.views_open(trigger_id=used, view=modal([section()]))
    fake_slack.expire_trigger(killed)
    clock.now += fake_slack.trigger_ttl
    for trigger_id, error in [(used, "exchanged_trigger_id"), (stale, "expired_trigger_id"),
                              (killed, "expired_trigger_id"), ("1.2.nope", "invalid_trigger_id")]:
        assert error_of(client.views_open, trigger_id=trigger_id, view=modal([section()])) == error


def test_home_tab_publish(client, fake_slack):
    home = {"type": "home", "blocks": [section("Your open NCRs"), text_input()]}
    first = client.views_publish(user_id="U_ALICE", view=home)["view"]
    again = client.views_publish(user_id="U_ALICE", view=home)["view"]
    assert first["id"] == again["id"] and fake_slack.home_views["U_ALICE"]["type"] == "home"
    assert error_of(client.views_publish, user_id="U_ALICE", view=modal([section()])) == "invalid_arguments"
    assert error_of(client.views_publish, user_id="U_NOBODY", view=home) == "user_not_found"
