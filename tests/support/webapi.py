"""Talking to the fake Slack's Web API in its own tests: an error's answer, and small Block Kit pieces."""
from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError


def slack_error(call, *args, **kwargs) -> SlackApiError:
    """The SlackApiError a Web API call raises (the test fails if it succeeds)."""
    with pytest.raises(SlackApiError) as info:
        call(*args, **kwargs)
    return info.value


def error_of(call, *args, **kwargs) -> str:
    return slack_error(call, *args, **kwargs).response["error"]


class EventList(list):
    """Where the fake sends its events when a test only wants to read them (FakeSlack.send_events_to)."""

    def emit(self, event: dict) -> None:
        self.append(event)


def section(text="hi", **extra):
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def button(text="Go", **extra):
    return {"type": "button", "text": {"type": "plain_text", "text": text}, "action_id": "go", **extra}


def text_input(block_id="title", **element):
    return {"type": "input", "block_id": block_id, "label": {"type": "plain_text", "text": "Title"},
            "element": {"type": "plain_text_input", "action_id": block_id, **element}}


def modal(blocks, **extra):
    view = {"type": "modal", "title": {"type": "plain_text", "text": "New NCR"}, "blocks": blocks,
            "submit": {"type": "plain_text", "text": "Save"}}
    return {k: v for k, v in {**view, **extra}.items() if v is not None}
