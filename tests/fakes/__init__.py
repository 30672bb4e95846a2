"""Test doubles for Slack: FakeSlack (Web API server) and builders for inbound requests."""

from tests.fakes.slack_server import Call, FakeSlack

__all__ = ["Call", "FakeSlack"]
