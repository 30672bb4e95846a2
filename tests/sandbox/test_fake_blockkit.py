"""FakeSlack refuses the Block Kit Slack refuses, with Slack's error shape (pointer and words)."""
from __future__ import annotations

import pytest

from tests.support.webapi import button, error_of, modal, section, slack_error, text_input

LONG = "x" * 3001
MESSAGE_BLOCK_CASES = {
    "too many blocks": ([{"type": "divider"}] * 51, "/blocks", "no more than 50"),
    "section text too long": ([section(LONG)], "/blocks/0/text/text", "less than 3001"),
    "empty text": ([section("")], "/blocks/0/text/text", "at least 1"),
    "too many fields": ([{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}],
                        "/blocks/0/fields", "no more than 10"),
    "field too long": ([{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2001}]}],
                       "/blocks/0/fields/0/text", "less than 2001"),
    "duplicate block_id": ([section(block_id="a"), section(block_id="a")], "/blocks/1/block_id", "duplicate"),
    "block_id too long": ([section(block_id="b" * 256)], "/blocks/0/block_id", "less than 256"),
    "input in a message": ([text_input()], "/blocks/0/type", "only allowed in modals"),
    "unknown block type": ([{"type": "table"}], "/blocks/0/type", "unsupported block type"),
    "header too long": ([{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
                        "/blocks/0/text/text", "less than 151"),
    "mrkdwn header": ([{"type": "header", "text": {"type": "mrkdwn", "text": "h"}}], "/blocks/0/text/type",
                      "plain_text"),
    "too many context elements": ([{"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}],
                                  "/blocks/0/elements", "no more than 10"),
    "too many actions": ([{"type": "actions", "elements": [button(action_id=f"a{i}") for i in range(26)]}],
                         "/blocks/0/elements", "no more than 25"),
    "duplicate action_id": ([{"type": "actions", "elements": [button(), button()]}],
                            "/blocks/0/elements/1/action_id", "duplicate"),
    "button text too long": ([section(accessory=button("b" * 76))], "/blocks/0/accessory/text/text",
                             "less than 76"),
    "bad button style": ([section(accessory=button(style="secondary"))], "/blocks/0/accessory/style",
                         "primary, danger"),
    "button value too long": ([section(accessory=button(value="v" * 2001))], "/blocks/0/accessory/value",
                              "less than 2001"),
    "action_id too long": ([section(accessory=button(action_id="a" * 256))], "/blocks/0/accessory/action_id",
                           "less than 256"),
    "confirm text too long": (
        [section(accessory=button(confirm={"title": {"type": "plain_text", "text": "Sure?"},
                                           "text": {"type": "mrkdwn", "text": "t" * 301},
                                           "confirm": {"type": "plain_text", "text": "Yes"},
                                           "deny": {"type": "plain_text", "text": "No"}}))],
        "/blocks/0/accessory/confirm/text/text", "less than 301"),
    "too many select options": (
        [section(accessory={"type": "static_select", "action_id": "s",
                            "options": [{"text": {"type": "plain_text", "text": "o"}, "value": str(i)}
                                        for i in range(101)]})],
        "/blocks/0/accessory/options", "no more than 100"),
    "option value too long": (
        [section(accessory={"type": "static_select", "action_id": "s",
                            "options": [{"text": {"type": "plain_text", "text": "o"}, "value": "v" * 151}]})],
        "/blocks/0/accessory/options/0/value", "less than 151"),
    "placeholder too long": (
        [section(accessory={"type": "users_select", "action_id": "u",
                            "placeholder": {"type": "plain_text", "text": "p" * 151}})],
        "/blocks/0/accessory/placeholder/text", "less than 151"),
    "overflow with 6 options": (
        [section(accessory={"type": "overflow", "action_id": "o",
                            "options": [{"text": {"type": "plain_text", "text": "o"}, "value": str(i)}
                                        for i in range(6)]})],
        "/blocks/0/accessory/options", "no more than 5"),
    "bad initial_date": ([{"type": "actions", "elements": [{"type": "datepicker", "action_id": "d",
                                                            "initial_date": "31/12/2024"}]}],
                         "/blocks/0/elements/0/initial_date", "must match"),
}


@pytest.mark.parametrize("blocks, pointer, what", MESSAGE_BLOCK_CASES.values(), ids=MESSAGE_BLOCK_CASES.keys())
def test_invalid_message_blocks_are_rejected(client, fake_slack, blocks, pointer, what):
    err = slack_error(client.chat_postMessage, channel="C_QUALITY", text="fallback", blocks=blocks)
    assert err.response["error"] == "invalid_blocks"
    messages = err.response["response_metadata"]["messages"]
    assert any(what in m and m.endswith(f"[json-pointer:{pointer}]") for m in messages), messages
    assert fake_slack.messages["C_QUALITY"] == []


def test_message_text_limit(client):
    assert error_of(client.chat_postMessage, channel="C_QUALITY", text="x" * 40_001) == "msg_too_long"
    assert client.chat_postMessage(channel="C_QUALITY", text="x" * 40_000)["ok"]


VIEW_CASES = {
    "title too long": (modal([section()], title={"type": "plain_text", "text": "t" * 25}), "/view/title/text"),
    "modal without title": (modal([section()], title=None), "/view/title"),
    "inputs but no submit": (modal([text_input()], submit=None), "/view/submit"),
    "submit too long": (modal([section()], submit={"type": "plain_text", "text": "s" * 25}), "/view/submit/text"),
    "bad view type": (modal([section()], type="workflow_step"), "/view/type"),
    "too many blocks": (modal([{"type": "divider"}] * 101), "/view/blocks"),
    "no blocks": (modal([]), "/view/blocks"),
    "private_metadata too long": (modal([section()], private_metadata="m" * 3001), "/view/private_metadata"),
    "callback_id too long": (modal([section()], callback_id="c" * 256), "/view/callback_id"),
    "input without element": (modal([{"type": "input", "label": {"type": "plain_text", "text": "L"}}]),
                               "/view/blocks/0/element"),
    "button as input element": (modal([{**text_input(), "element": button()}]), "/view/blocks/0/element/type"),
    "max_length over 3000": (modal([text_input(max_length=3001)]), "/view/blocks/0/element/max_length"),
    "input label too long": (modal([{**text_input(), "label": {"type": "plain_text", "text": "l" * 2001}}]),
                             "/view/blocks/0/label/text"),
}


@pytest.mark.parametrize("view, pointer", VIEW_CASES.values(), ids=VIEW_CASES.keys())
def test_invalid_views_are_rejected(client, fake_slack, view, pointer):
    err = slack_error(client.views_open, trigger_id=fake_slack.new_trigger_id(), view=view)
    assert err.response["error"] == "invalid_arguments"
    messages = err.response["response_metadata"]["messages"]
    assert any(m.endswith(f"[json-pointer:{pointer}]") for m in messages), messages
