"""The Slack Web API client: one factory, pointed at SLACK_API_URL, with retries, and the
seam that says which client speaks for which workspace.

Connection errors and HTTP 429 are retried by slack-sdk's handlers; the rate
limit handler waits for the `Retry-After` the server sends. Outbox delivery uses
`without_retries`: it schedules its own retries instead of sleeping in a call.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk import WebClient

ClientFor = Callable[[str], WebClient]  # team_id -> the client that speaks for that workspace


def make_client(token: str | None, *, base_url: str, timeout: int = 10, retries: int = 2,
                logger: logging.Logger | None = None) -> WebClient:
    from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

    client = WebClient(token=token, base_url=base_url, timeout=timeout, logger=logger)
    client.retry_handlers = [
        ConnectionErrorRetryHandler(max_retry_count=retries),
        RateLimitErrorRetryHandler(max_retry_count=retries),
    ]
    return client


def make_listener_client(token: str | None, *, base_url: str, timeout: float = 2.5) -> WebClient:
    """For calls made while Slack waits for an answer (views.open, views.publish): a short timeout and no
    retries — never sleeping out a Retry-After inside a request Slack times out after 3 s."""
    return WebClient(token=token, base_url=base_url, timeout=timeout, retry_handlers=[])


def single_workspace(client: WebClient) -> ClientFor:
    """One bot token for every workspace: installing in several replaces only this seam."""
    return lambda _team_id: client


def without_retries(client: WebClient) -> WebClient:
    """The same client minus slack-sdk's retry handlers."""
    if not client.retry_handlers:
        return client
    return WebClient(token=client.token, base_url=client.base_url, timeout=client.timeout, ssl=client.ssl,
                     proxy=client.proxy, headers=dict(client.headers or {}), logger=client.logger, retry_handlers=[])
