"""What the fake answers: a Reply (status, body, headers), SlackError for `ok: false`, and
ImpossibleInSlack for things a test asks of Slack that Slack itself would never do."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict | str
    headers: tuple[tuple[str, str], ...] = ()


class SlackError(Exception):
    """Raised by handlers and checks; carries the ``ok: false`` reply Slack would send."""

    def __init__(self, error: str, messages: list[str] | None = None, status: int = 200, *, plain: bool = False,
                 **fields: str):
        super().__init__(error)
        metadata = {"response_metadata": {"messages": messages}} if messages else {}
        # `fields`: what Slack adds to some errors, e.g. missing_scope's `needed` and `provided`
        body = error if plain else {"ok": False, "error": error, **fields, **metadata}  # plain: hooks.slack.com
        self.reply = Reply(status, body)


class ImpossibleInSlack(Exception):
    """A person's action or an inbound request that Slack would not allow or send (a test bug, not the app's)."""
