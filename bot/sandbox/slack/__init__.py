"""A fake Slack: a real HTTP server that rejects what Slack rejects, and Slack's side of the
Events API and interactivity, delivering to an app like Slack does.

server        FakeSlack: HTTP plumbing and the Web API's entry point
state         the workspace: people, channels (who may see them), messages, views, files; message events
grants        trigger ids and response URLs (expiry, uses)
faults        injected failures and latency, per method
calls         every request answered, and waiting for them
methods*.py   the Web API methods it answers (registry and shared checks in methods.py), history.py
blockkit*     Block Kit validation (limits from Slack's own reference)
requests      Slack-shaped inbound payloads (commands, clicks, submissions, events) and signatures
inbound       Inbound: sends those to an app (HTTP URL or in-process ASGI), times each ack against 3 s,
              retries and drops events as Slack does (event_delivery.py, targets.py)
"""
from bot.sandbox.slack.inbound import Inbound
from bot.sandbox.slack.server import FakeSlack

__all__ = ["FakeSlack", "Inbound"]
