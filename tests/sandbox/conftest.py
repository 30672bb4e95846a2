"""A Web API client of the session's fake Slack (reset for every test)."""
import pytest
from slack_sdk import WebClient


@pytest.fixture
def client(fake_slack):
    return WebClient(token=fake_slack.bot_token, base_url=fake_slack.base_url, timeout=5)
