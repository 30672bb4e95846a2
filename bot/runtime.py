"""Start-up shared by `trellis run` and `trellis serve`: check, migrate, build, start workers."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot import migrate
from bot.app import create_app
from bot.config import TOKEN_HINTS, ConfigError, Settings, require
from bot.db import make_engine, make_session_factory, ping
from bot.outbox import instance as outbox_instance
from bot.outbox import status as outbox_status
from bot.outbox.worker import DeliveryWorker
from bot.scheduler import build_scheduler
from bot.slack import make_client, single_workspace
from models.types import utcnow

log = logging.getLogger("trellis")


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    client: WebClient
    session_factory: sessionmaker[Session]
    app: App
    scheduler: object
    delivery: DeliveryWorker
    instance: outbox_instance.Instance  # this process's name in outbox leases

    def health(self) -> dict:
        ping(self.engine)
        with self.session_factory() as session:
            return {"database": "ok", "outbox": outbox_status.health(session, now=utcnow())}

    def start_background(self) -> None:
        self.scheduler.start()
        # Takes back what this instance left leased when it stopped or died, then delivers what is pending.
        self.delivery.start()

    def stop(self) -> None:
        if getattr(self.scheduler, "running", False):
            self.scheduler.shutdown(wait=False)
        self.delivery.stop()
        self.instance.release()
        self.engine.dispose()


def prepare(settings: Settings, *, needs: tuple[str, ...]) -> Runtime:
    """Everything `run`/`serve` need before they accept work; ConfigError/DatabaseError on trouble."""
    require(settings, "slack_bot_token", *needs)
    engine = make_engine(settings.database_url)
    ping(engine)
    for name in ("slack_bot_token", *needs):  # before migrating: a wrong token changes nothing
        check_token(settings, name)
    client = make_client(settings.slack_bot_token, base_url=settings.slack_api_url)
    migrate.upgrade(settings.database_url)
    session_factory = make_session_factory(engine)
    app = create_app(settings, client=client, session_factory=session_factory)
    instance = outbox_instance.take(engine)  # the same name as this process's last run on this host
    delivery = DeliveryWorker(session_factory, single_workspace(client), worker=instance.name)
    delivery.attach()  # every commit that queued a Slack message wakes the worker
    return Runtime(settings, engine, client, session_factory, app, build_scheduler(settings, session_factory),
                   delivery, instance)


# The call that proves each token works; the signing secret can only be checked by Slack's requests.
TOKEN_CHECKS = {"slack_bot_token": "auth.test", "slack_app_token": "apps.connections.open"}


def check_token(settings: Settings, name: str) -> None:
    """Ask Slack whether the token works, with retries but without slack-sdk's log lines:
    the operator gets one line naming the variable."""
    method = TOKEN_CHECKS.get(name)
    if method is None:
        return
    client = make_client(getattr(settings, name), base_url=settings.slack_api_url,
                         logger=logging.Logger("trellis.check", logging.CRITICAL + 1))
    try:
        client.api_call(method)
    except SlackApiError as exc:
        raise ConfigError(f"{name.upper()} was rejected by Slack ({exc.response.get('error')}): "
                          f"copy {TOKEN_HINTS[name]} again") from None
    except (SlackClientError, OSError) as exc:
        raise ConfigError(f"cannot reach the Slack API at {settings.slack_api_url} ({type(exc).__name__}): "
                          "check SLACK_API_URL and the network") from None
