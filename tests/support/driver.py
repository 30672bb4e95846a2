"""Drive Trellis the way Slack does: the fake Slack's Inbound (signed requests into POST
/slack/events, each ack timed, events retried as Slack retries them), plus what tests read back."""
from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from starlette.testclient import TestClient

from bot.homes import HOMES
from bot.sandbox.slack.inbound import Inbound
from bot.sandbox.slack.server import FakeSlack
from bot.sandbox.slack.targets import Target


class SlackDriver(Inbound):
    """`http` is a plain test client of the same web app, for requests Slack would not sign
    (forged ones) and for /healthz."""

    def __init__(self, http: TestClient, fake: FakeSlack, secret: str, target: Target, *,
                 flush: Callable[[], int], **options):
        super().__init__(fake, target, signing_secret=secret, **options)
        self.http, self._flush = http, flush

    def event(self, event: dict, **options):
        answer = super().event(event, **options)
        HOMES.drain()  # the Home tab is drawn after the ack: what it published is what tests read
        return answer

    def flush(self) -> int:
        """Deliver every queued Slack message now (what the delivery worker does after commit)."""
        return self._flush()

    def deliver_events(self) -> None:
        """From here on the fake sends this app its message events, its own posts included (opt-in)."""
        self.fake.send_events_to(self)

    def last_view(self, method: str = "views.open") -> dict:
        """The view the app last opened, as Slack holds it (with its id and hash)."""
        call = self.fake.ok_calls(method)[-1]
        return call.response["view"]

    def responses(self) -> list[dict]:
        """Bodies the app posted to response_urls (ephemeral answers), oldest first."""
        return [call.args for call in self.fake.ok_calls("response_url")]


def form(**fields) -> str:
    return urlencode(fields)
