"""The Slack Web API client: one factory, pointed at SLACK_API_URL, with retries.

Connection errors and HTTP 429 are retried by slack-sdk's handlers; the rate
limit handler waits for the `Retry-After` the server sends. Outbox delivery
(bot.delivery) uses the client without those handlers and `call_slack`, which
says whether an answer means delivered, retry, rate limited or failed for good.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.web import SlackResponse


def make_client(token: str | None, *, base_url: str, timeout: int = 10, retries: int = 2,
                logger: logging.Logger | None = None) -> WebClient:
    client = WebClient(token=token, base_url=base_url, timeout=timeout, logger=logger)
    client.retry_handlers = [
        ConnectionErrorRetryHandler(max_retry_count=retries),
        RateLimitErrorRetryHandler(max_retry_count=retries),
    ]
    return client


def user_is_admin(client: WebClient, user_id: str) -> bool:
    """Workspace admins and owners may always manage Trellis."""
    user = client.users_info(user=user_id).get("user") or {}
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


def without_retries(client: WebClient) -> WebClient:
    """The same client minus slack-sdk's retry handlers: the outbox schedules its own retries
    instead of sleeping inside a call while other messages wait."""
    if not client.retry_handlers:
        return client
    return WebClient(token=client.token, base_url=client.base_url, timeout=client.timeout, ssl=client.ssl,
                     proxy=client.proxy, headers=dict(client.headers or {}), logger=client.logger, retry_handlers=[])


# `ok: false` errors that say "try again", not "this call is wrong"; every other one is permanent.
TRANSIENT_ERRORS = frozenset({"internal_error", "fatal_error", "service_unavailable", "request_timeout",
                              "ratelimited", "rate_limited", "team_added_to_org"})


@dataclass(frozen=True)
class SlackOutcome:
    kind: str  # delivered | retry | ratelimited | failed
    response: dict | None = None
    error: str | None = None
    retry_after: float | None = None


def call_slack(client: WebClient, method: str, args: dict) -> SlackOutcome:
    """Call a Web API method and say what to do about the answer (never raises for Slack's trouble)."""
    try:
        return SlackOutcome("delivered", response=client.api_call(method, json=args).data)
    except SlackApiError as exc:
        return _classify(exc.response)
    except (SlackClientError, OSError) as exc:  # no answer: refused, reset, timed out
        return SlackOutcome("retry", error=f"{type(exc).__name__}: {exc}"[:200])


def _classify(response: SlackResponse) -> SlackOutcome:
    status = response.status_code
    error = response.get("error") if isinstance(response.data, dict) else None
    if status == 429:
        headers = {name.lower(): value for name, value in (response.headers or {}).items()}
        value = headers.get("retry-after")
        value = value[0] if isinstance(value, list) else value
        try:
            retry_after = max(0.0, float(value))
        except (TypeError, ValueError):
            retry_after = 1.0
        return SlackOutcome("ratelimited", error="ratelimited", retry_after=retry_after)
    if status >= 500:
        return SlackOutcome("retry", error=f"HTTP {status}")
    if status == 200 and error in TRANSIENT_ERRORS:
        return SlackOutcome("retry", error=error)
    return SlackOutcome("failed", error=error or f"HTTP {status}")
