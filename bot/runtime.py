"""Start-up shared by `trellis run` and `trellis serve`: check, migrate, build, start workers."""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot import migrate
from bot.app import create_app
from bot.config import TOKEN_HINTS, ConfigError, Settings, require, workspace_defaults
from bot.db import make_engine, make_session_factory, ping
from bot.directory import Directory
from bot.outbox import instance as outbox_instance
from bot.outbox import status as outbox_status
from bot.outbox.worker import DeliveryWorker
from bot.reconcile import Reconciler
from bot.reminders import ReminderJob
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
    reconciler: Reconciler
    instance: outbox_instance.Instance  # this process's name in outbox leases
    socket_url: str | None = None  # apps.connections.open's answer at start-up, used for the first connection
    clock: Callable[[], datetime] = field(default=utcnow)  # what every piece reads as now (the sandbox moves it)

    def health(self) -> dict:
        ping(self.engine)
        with self.session_factory() as session:
            return {"database": "ok", "outbox": outbox_status.health(session, now=self.clock())}

    def start_background(self) -> None:
        self.scheduler.start()
        # Takes back what this instance left leased when it stopped or died, then delivers what is pending.
        self.delivery.start()
        self.reconciler.soon()  # replies posted while Trellis was down

    def stop(self) -> None:
        if getattr(self.scheduler, "running", False):
            self.scheduler.shutdown(wait=False)
        leader = getattr(self.scheduler, "trellis_leader", None)
        if leader is not None:
            leader.release()  # another instance takes the scheduled jobs over at once
        self.delivery.stop()
        self.instance.release()
        self.engine.dispose()


def prepare(settings: Settings, *, needs: tuple[str, ...], clock: Callable[[], datetime] = utcnow,
            catch_up: bool = True) -> Runtime:
    """Everything `run`/`serve` (and `sandbox`) need before they accept work; ConfigError/DatabaseError on
    trouble. `clock` is what the app, the outbox, the directory, the reconciler and the scheduled jobs read
    as now; `catch_up`: post a missed digest on becoming the scheduler's leader (the sandbox's clock says)."""
    require(settings, "slack_bot_token", *needs)
    engine = make_engine(settings.database_url)
    ping(engine)
    answers = {name: check_token(settings, name) for name in ("slack_bot_token", *needs)}  # before migrating
    client = make_client(settings.slack_bot_token, base_url=settings.slack_api_url)  # patient: background work
    migrate.upgrade(settings.database_url)
    session_factory = make_session_factory(engine, audit_key=settings.audit_key)
    clients = single_workspace(client)
    directory = Directory(session_factory, clients, clock=clock)
    app = create_app(settings, session_factory=session_factory, directory=directory, clock=clock)
    instance = outbox_instance.take(engine)  # the same name as this process's last run on this host
    delivery = DeliveryWorker(session_factory, clients, worker=instance.name, clock=clock)
    delivery.attach()  # every commit that queued a Slack message wakes the worker
    reconciler = Reconciler(session_factory, clients, clock)
    scheduler = build_scheduler(settings, session_factory, reconcile=reconciler.run, clock=clock, catch_up=catch_up,
                                remind=ReminderJob(session_factory, workspace_defaults(settings), directory=directory,
                                                   clock=clock))
    socket = answers.get("slack_app_token") or {}
    return Runtime(settings, engine, client, session_factory, app, scheduler, delivery, reconciler, instance,
                   socket_url=socket.get("url"), clock=clock)


# The call that proves each token works; the signing secret can only be checked by Slack's requests.
TOKEN_CHECKS = {"slack_bot_token": "auth.test", "slack_app_token": "apps.connections.open"}


def check_token(settings: Settings, name: str) -> dict | None:
    """Ask Slack whether the token works, with retries but without slack-sdk's log lines:
    the operator gets one line naming the variable. Slack's answer is kept (the Socket Mode URL
    is used for the first connection: apps.connections.open is called once)."""
    method = TOKEN_CHECKS.get(name)
    if method is None:
        return None
    client = make_client(getattr(settings, name), base_url=settings.slack_api_url,
                         logger=logging.Logger("trellis.check", logging.CRITICAL + 1))
    try:
        return client.api_call(method).data
    except SlackApiError as exc:
        raise ConfigError(f"{name.upper()} was rejected by Slack ({exc.response.get('error')}): "
                          f"copy {TOKEN_HINTS[name]} again") from None
    except (SlackClientError, OSError) as exc:
        raise ConfigError(f"cannot reach the Slack API at {settings.slack_api_url} ({type(exc).__name__}): "
                          "check SLACK_API_URL and the network") from None
