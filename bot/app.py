"""The Bolt app: listeners, what they are given, and one error handler."""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime

from slack_bolt import App, BoltResponse
from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.errors import apology_message, apology_view
from bot.config import Settings, workspace_defaults
from bot.db import SessionFactory, make_engine, make_session_factory
from bot.directory import Directory
from bot.signing import VERIFIED
from bot.slack import make_client, make_listener_client, single_workspace
from bot.workspace_settings import SettingsCache
from models.types import utcnow

log = logging.getLogger("trellis")


def create_app(settings: Settings, *, client: WebClient | None = None,
               session_factory: SessionFactory | None = None, directory: Directory | None = None,
               clock: Callable[[], datetime] = utcnow) -> App:
    """A sync Bolt app. Listeners run before the HTTP response is sent
    (`process_before_response`): each is short, and slow work leaves the ack path
    through the outbox, so nothing is lost if the process stops after the ack.

    `client` is the listeners' (short timeout, no retries); the directory looks people
    and conversations up with its own, patient client in the background."""
    from handlers import context, register_all  # handlers import bot.*, never the reverse at import time

    client = client or make_listener_client(settings.slack_bot_token, base_url=settings.slack_api_url)
    session_factory = session_factory or make_session_factory(make_engine(settings.database_url),
                                                                 audit_key=settings.audit_key)
    directory = directory or Directory(session_factory, single_workspace(
        make_client(settings.slack_bot_token, base_url=settings.slack_api_url)), clock=clock)
    app = App(
        client=client,
        process_before_response=True,
        token_verification_enabled=True,  # auth.test once, now, so no request waits for it before its ack
        # bot/web.py checks Slack's signature before anything parses the body; here only its mark counts
        request_verification_enabled=False,
        before_authorize=OnlyFromSlack(),
        ignoring_self_events_enabled=True,
        raise_error_for_unhandled_request=False,
    )
    settings_cache = SettingsCache(session_factory, workspace_defaults(settings))
    context.install(app, sessions=session_factory, settings=settings_cache, directory=directory, clock=clock)
    app.error(handle_error)
    register_all(app)
    return app


def handle_error(error: Exception, request: BoltRequest, body: dict, logger: logging.Logger) -> BoltResponse:
    """Log the stack with an id; tell the person something went wrong, privately, with that id.
    A request not known to come from Slack gets nothing: its body names whom to write to."""
    error_id = uuid.uuid4().hex[:8]
    if not from_slack(request):
        log.warning("error %s in a request not verified as Slack's (%s): nothing sent", error_id,
                    type(error).__name__)
        return BoltResponse(status=401, body="")
    if isinstance(error, SlackApiError):
        method = getattr(error.response, "api_url", "").rsplit("/", 1)[-1]
        log.error("error %s: Slack API %s failed: %s", error_id, method, error.response.get("error"),
                  exc_info=error)
    else:
        log.error("error %s in %s", error_id, body.get("type") or body.get("command") or "request", exc_info=error)
    kind = body.get("type")
    if kind == "view_submission":
        return BoltResponse(status=200, body={"response_action": "push", "view": apology_view(error_id)})
    if body.get("command"):
        return BoltResponse(status=200, body=apology_message(error_id))
    if kind != "event_callback":
        _apologise(request, body, error_id)
    status = 500 if kind == "event_callback" else 200  # Slack retries failed events
    return BoltResponse(status=status, body="")


class OnlyFromSlack(Middleware):
    """Bolt's first step after its ssl_check answer: a request not known to come from Slack goes no
    further (401): no auth.test, no listener, no error handler writing to whoever its body names."""

    def process(self, *, req: BoltRequest, resp: BoltResponse,
                next: Callable[[], BoltResponse]) -> BoltResponse:  # noqa: A002 - Bolt passes it by this name
        return next() if from_slack(req) else BoltResponse(status=401, body="")


def from_slack(request: BoltRequest) -> bool:
    """Socket Mode requests come over Slack's own authenticated connection; HTTP ones count only
    once bot/web.py has checked their signature (it alone sets VERIFIED, after the check)."""
    return request.mode == "socket_mode" or request.context.get(VERIFIED) is True


def _apologise(request: BoltRequest, body: dict, error_id: str) -> None:
    """Privately where the click came from (response_url); a global shortcut has none, so by DM."""
    context = request.context
    try:
        if body.get("response_url"):
            context.respond(**apology_message(error_id))
        elif context.user_id and context.client is not None:
            context.client.chat_postMessage(channel=context.user_id, text=apology_message(error_id)["text"])
    except Exception:  # the apology is best effort; the log already has the error
        log.warning("error %s: could not send the apology", error_id)
