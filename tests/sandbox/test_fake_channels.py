"""Channels are what the workspace has and what the app may see: unknown ids are unknown, private
channels the app is not in are invisible to it, and only chat.postMessage takes a user id."""
from __future__ import annotations

import pytest

from bot.sandbox.slack.replies import ImpossibleInSlack
from bot.sandbox.slack.state import DEFAULT_CHANNELS, DEFAULT_USERS
from tests.support.webapi import EventList, error_of


def test_a_fresh_workspace_has_its_channels_and_a_dm_per_person(client, fake_slack):
    for channel_id, name in DEFAULT_CHANNELS.items():
        info = client.conversations_info(channel=channel_id)["channel"]
        assert (info["name"], info["is_member"], info["is_private"]) == (name, True, False)
    for user_id in DEFAULT_USERS:
        dm = client.conversations_open(users=user_id)["channel"]["id"]
        assert dm == fake_slack.dm_of(user_id) == "D" + user_id
        info = client.conversations_info(channel=dm)["channel"]
        assert (info["is_im"], info["user"]) == (True, user_id)
    assert fake_slack.dm_of(fake_slack.bot_user_id) not in fake_slack.channels  # the app has no DM with itself


@pytest.mark.parametrize("call, args", [
    ("chat_postMessage", {"text": "x"}), ("chat_postEphemeral", {"user": "U_BOB", "text": "x"}),
    ("chat_update", {"ts": "1.2", "text": "x"}), ("chat_delete", {"ts": "1.2"}),
    ("chat_getPermalink", {"message_ts": "1.2"}), ("conversations_info", {}), ("conversations_join", {}),
    ("conversations_history", {}), ("conversations_replies", {"ts": "1.2"}),
])
def test_unknown_channel_ids_are_unknown(client, fake_slack, call, args):
    for unknown in ("C_GONE", "G_NOWHERE", "D_NOBODY", "#general"):
        assert error_of(getattr(client, call), channel=unknown, **args) == "channel_not_found"
    assert "C_GONE" not in fake_slack.channels and fake_slack.messages.get("C_GONE", []) == []


def test_a_private_channel_the_app_is_not_in_is_invisible(client, fake_slack):
    fake_slack.add_channel("G_SECRET", is_private=True, is_member=False)
    for call, args in [(client.conversations_info, {}), (client.chat_postMessage, {"text": "x"}),
                       (client.conversations_history, {}), (client.conversations_join, {})]:
        assert error_of(call, channel="G_SECRET", **args) == "channel_not_found"
    fake_slack.add_channel("G_OURS", is_private=True)  # invited: visible, postable, not joinable
    assert client.conversations_info(channel="G_OURS")["channel"]["is_private"]
    assert client.chat_postMessage(channel="G_OURS", text="hi")["ok"]
    assert error_of(client.conversations_join, channel="G_OURS") == "method_not_supported_for_channel_type"


def test_a_public_channel_the_app_is_not_in_is_visible_and_joinable(client, fake_slack):
    fake_slack.add_channel("C_NEWQ", is_member=False)
    assert client.conversations_info(channel="C_NEWQ")["channel"]["is_member"] is False
    assert error_of(client.chat_postMessage, channel="C_NEWQ", text="x") == "not_in_channel"
    assert error_of(client.conversations_history, channel="C_NEWQ") == "not_in_channel"
    assert client.conversations_join(channel="C_NEWQ")["channel"]["is_member"]
    assert client.chat_postMessage(channel="C_NEWQ", text="x")["ok"]


def test_post_message_to_a_user_id_opens_the_dm_and_nothing_else_takes_one(client, fake_slack):
    posted = client.chat_postMessage(channel="U_BOB", text="psst")
    assert posted["channel"] == "DU_BOB" and fake_slack.messages["DU_BOB"][0]["text"] == "psst"
    for call, args in [(client.chat_update, {"ts": posted["ts"], "text": "edited"}),
                       (client.chat_getPermalink, {"message_ts": posted["ts"]}),
                       (client.chat_delete, {"ts": posted["ts"]}), (client.conversations_info, {})]:
        assert error_of(call, channel="U_BOB", **args) == "channel_not_found"
    assert client.chat_update(channel="DU_BOB", ts=posted["ts"], text="edited")["ok"]
    assert client.chat_getPermalink(channel="DU_BOB", message_ts=posted["ts"])["permalink"].endswith(
        f"/archives/DU_BOB/p{posted['ts'].replace('.', '')}")
    assert error_of(client.chat_postMessage, channel="U_NOBODY", text="x") == "channel_not_found"
    assert error_of(client.chat_postMessage, channel=fake_slack.bot_user_id, text="x") == "cannot_dm_bot"


def test_post_update_permalink_delete(client, fake_slack):
    ts = client.chat_postMessage(channel="C_QUALITY", text="NC-1 opened", blocks=[
        {"type": "section", "text": {"type": "mrkdwn", "text": "NC-1"}}])["ts"]
    client.chat_update(channel="C_QUALITY", ts=ts, text="NC-1 closed")
    stored = fake_slack.messages["C_QUALITY"][0]
    assert (stored["text"], stored["blocks"][0]["text"]["text"]) == ("NC-1 closed", "NC-1")  # blocks kept
    reply = client.chat_postMessage(channel="C_QUALITY", text="a line", thread_ts=ts)
    parent = fake_slack.messages["C_QUALITY"][0]
    assert (parent["thread_ts"], parent["reply_count"], parent["latest_reply"]) == (ts, 1, reply["ts"])
    assert reply["message"]["parent_user_id"] == fake_slack.bot_user_id
    client.chat_delete(channel="C_QUALITY", ts=ts)
    assert [m["ts"] for m in fake_slack.messages["C_QUALITY"]] == [reply["ts"]]
    assert error_of(client.chat_update, channel="C_QUALITY", ts=ts, text="x") == "message_not_found"
    persons = fake_slack.post_as("U_BOB", "C_QUALITY", "mine")["ts"]
    assert error_of(client.chat_update, channel="C_QUALITY", ts=persons, text="x") == "cant_update_message"
    assert error_of(client.chat_delete, channel="C_QUALITY", ts=persons) == "cant_delete_message"
    assert client.chat_postEphemeral(channel="C_QUALITY", user="U_BOB", text="only you")["message_ts"]
    assert fake_slack.ephemerals["C_QUALITY"][0]["user"] == "U_BOB"


def test_changes_make_message_events_for_an_app_that_asked(client, fake_slack):
    events = EventList()
    client.chat_postMessage(channel="C_QUALITY", text="before anyone listened")
    fake_slack.send_events_to(events)
    card = client.chat_postMessage(channel="C_QUALITY", text="card")["ts"]
    client.chat_update(channel="C_QUALITY", ts=card, text="card v2")
    person = fake_slack.post_as("U_BOB", "C_QUALITY", "a reply", thread_ts=card)
    client.chat_delete(channel="C_QUALITY", ts=card)
    fake_slack.add_channel("C_ELSEWHERE", is_member=False)
    fake_slack.post_as("U_BOB", "C_ELSEWHERE", "the app is not here")  # no event: the app is not in it
    posted, changed, replied, deleted = events
    assert (posted["user"], posted["bot_id"], posted["channel"], posted["channel_type"]) == \
        (fake_slack.bot_user_id, fake_slack.bot_id, "C_QUALITY", "channel")
    assert changed["subtype"] == "message_changed" and changed["message"]["text"] == "card v2"
    assert changed["previous_message"]["text"] == "card" and changed["message"]["user"] == fake_slack.bot_user_id
    assert (replied["user"], replied["thread_ts"], replied["ts"], "bot_id" in replied) == \
        ("U_BOB", card, person["ts"], False)
    assert deleted["subtype"] == "message_deleted" and deleted["deleted_ts"] == card


def test_a_person_can_only_post_where_they_could(fake_slack):
    with pytest.raises(ImpossibleInSlack, match="add_user / add_channel"):
        fake_slack.post_as("U_BOB", "C_GONE", "hello?")
    with pytest.raises(ImpossibleInSlack, match="not U_BOB's DM"):
        fake_slack.post_as("U_BOB", "DU_ALICE", "reading Alice's DMs")
