"""The sandbox's pieces, put together: the fake Slack (now Slack for the page), the real Trellis
runtime pointed at it (bot.runtime.prepare: app, outbox worker, directory, reconciler, scheduler),
Slack's side of the Request URL (Inbound, signing with a per-run secret) and the clock.

Slack's requests go over HTTP to `/slack/events` on the sandbox's own port, served by the same
Starlette app Trellis uses in production (bot.web), so nothing on the app's side knows it is
not talking to Slack.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from secrets import token_hex

from bot.config import Settings
from bot.runtime import Runtime, prepare
from bot.sandbox import workspace as ws
from bot.sandbox.clock import SandboxClock
from bot.sandbox.jobs import JobFactory, SandboxJobs
from bot.sandbox.slack import FakeSlack, Inbound
from bot.sandbox.slack.targets import HttpTarget

log = logging.getLogger("trellis.sandbox")


class Sandbox:
    def __init__(self, *, database_url: str, port: int, clock: SandboxClock | None = None,
                 jobs: Mapping[str, JobFactory] | None = None):
        self.database_url, self.port = database_url, port
        self.clock = clock or SandboxClock()
        self.secret = token_hex(16)  # per run: only this process can sign Slack's requests to the app
        self.fake = FakeSlack(bot_token=f"xoxb-sandbox-{token_hex(12)}", team_id=ws.TEAM_ID,
                              bot_user_id=ws.BOT_USER, bot_id=ws.BOT_ID, people=ws.fake_people(),
                              channels=ws.fake_channels(), ts_clock=self.clock.timestamp)
        self._job_factories = jobs
        self.runtime: Runtime | None = None
        self.inbound: Inbound | None = None
        self.jobs: SandboxJobs | None = None

    def settings(self) -> Settings:
        """Trellis's settings for the sandbox: none come from the environment's Slack or database."""
        return Settings(_env_file=None, slack_bot_token=self.fake.bot_token, slack_signing_secret=self.secret,
                        slack_api_url=self.fake.base_url, database_url=self.database_url,
                        trellis_quality_channel=ws.QUALITY, trellis_digest_channel=ws.REVIEW,
                        trellis_managers=list(ws.MANAGERS), trellis_timezone=ws.TIMEZONE)

    def start(self) -> Sandbox:
        """Slack's stand-in and the app; requests are answered once the web app is served on `port`."""
        self.fake.start()
        # No catch-up at start: the sandbox's clock is the person's, and moving it runs the digest (jobs.py).
        self.runtime = prepare(self.settings(), needs=("slack_signing_secret",), clock=self.clock, catch_up=False)
        self.inbound = Inbound(self.fake, HttpTarget(f"http://127.0.0.1:{self.port}/slack/events"),
                               signing_secret=self.secret, team_id=ws.TEAM_ID)
        self.fake.send_events_to(self.inbound)  # message events (thread replies) go to the app, as Slack's do
        self.jobs = SandboxJobs(self.runtime, self._job_factories)
        return self

    def start_background(self) -> None:
        """The outbox worker, the scheduler and a first reconciliation pass."""
        assert self.runtime is not None
        self.runtime.start_background()

    def stop(self) -> None:
        if self.inbound is not None:
            self.fake.send_events_to(None)
            self.inbound.close()
        if self.runtime is not None:
            self.runtime.stop()
        self.fake.stop()
