"""One Web API call for the outbox, and what its answer means.

Never raises for Slack's trouble: the answer is delivered, retry (5xx, no answer,
a transient `ok: false`), ratelimited (429 with Retry-After) or failed (a
permanent error, kept on the row).
"""
from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web import SlackResponse

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
    """Call a Web API method and say what to do about the answer."""
    try:
        return SlackOutcome("delivered", response=client.api_call(method, json=args).data)
    except SlackApiError as exc:
        return _classify(exc.response)
    except (SlackClientError, OSError) as exc:  # no answer: refused, reset, timed out
        return SlackOutcome("retry", error=f"{type(exc).__name__}: {exc}"[:200])


def send(client: WebClient, method: str, args: dict) -> SlackOutcome:
    """One call; `not_in_channel` gets one join (public channels) and one more try."""
    outcome = call_slack(client, method, args)
    if outcome.error != "not_in_channel" or not args.get("channel"):
        return outcome
    joined = call_slack(client, "conversations.join", {"channel": args["channel"]})
    if joined.kind == "failed":
        return SlackOutcome("failed", error=f"not_in_channel (joining failed: {joined.error})")
    return call_slack(client, method, args) if joined.kind == "delivered" else joined


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
