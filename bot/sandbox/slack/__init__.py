"""A fake Slack Web API: a real HTTP server that rejects what Slack rejects.

server    FakeSlack: the HTTP server, its state (messages, views, users, channels) and scripting
methods   the Web API methods it answers
blockkit  Block Kit validation (limits from Slack's own reference)
requests  Slack-shaped, signed inbound payloads (commands, clicks, submissions, events)
"""
from bot.sandbox.slack.server import FakeSlack

__all__ = ["FakeSlack"]
