"""The Slack Web API client: one factory, pointed at SLACK_API_URL, with retries.

Connection errors and HTTP 429 are retried by slack-sdk's handlers; the rate
limit handler waits for the `Retry-After` the server sends.
"""
from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler


def make_client(token: str | None, *, base_url: str, timeout: int = 10, retries: int = 2) -> WebClient:
    client = WebClient(token=token, base_url=base_url, timeout=timeout)
    client.retry_handlers = [
        ConnectionErrorRetryHandler(max_retry_count=retries),
        RateLimitErrorRetryHandler(max_retry_count=retries),
    ]
    return client


def user_is_admin(client: WebClient, user_id: str) -> bool:
    """Workspace admins and owners may always manage Trellis."""
    user = client.users_info(user=user_id).get("user") or {}
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
