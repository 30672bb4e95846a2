"""One Web API call for the outbox, and what its answer means.

Never raises for Slack's trouble: the answer is delivered, retry (5xx, no answer,
a transient `ok: false`), ratelimited (429 with Retry-After) or failed (a
permanent error, kept on the row). A retry is `unsure` when Slack may have done
the call anyway: no answer (timed out, connection reset), a 500/502/504 from
behind its edge, or `internal_error`/`fatal_error`. A refused connection, a 503
or another `ok: false` did nothing.
"""
from __future__ import annotations

import socket
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web import SlackResponse

# `ok: false` errors that say "try again", not "this call is wrong"; every other one is permanent.
TRANSIENT_ERRORS = frozenset({"internal_error", "fatal_error", "service_unavailable", "request_timeout",
                              "ratelimited", "rate_limited", "team_added_to_org"})
# Of those, the ones after which, Slack says, "some aspect of the operation" may have succeeded.
PARTLY_DONE_ERRORS = frozenset({"internal_error", "fatal_error"})


@dataclass(frozen=True)
class SlackOutcome:
    kind: str  # delivered | retry | ratelimited | failed
    response: dict | None = None
    error: str | None = None
    retry_after: float | None = None
    unsure: bool = False  # a retry after which the call may have taken effect


def call_slack(client: WebClient, method: str, args: dict) -> SlackOutcome:
    """Call a Web API method and say what to do about the answer."""
    # Slack takes JSON bodies for its write methods; conversations.* read form fields (as slack-sdk sends them).
    body = {"params": args} if method.startswith("conversations.") else {"json": args}
    try:
        return SlackOutcome("delivered", response=client.api_call(method, **body).data)
    except SlackApiError as exc:
        return _classify(exc.response)
    except (SlackClientError, OSError) as exc:  # no answer: refused, reset, timed out
        return SlackOutcome("retry", error=f"{type(exc).__name__}: {exc}"[:200], unsure=_may_have_arrived(exc))


def _may_have_arrived(exc: Exception) -> bool:
    """False only when the request surely never reached Slack (no address, connection refused)."""
    reason = getattr(exc, "reason", exc)  # urllib wraps socket errors in URLError
    return not isinstance(reason, ConnectionRefusedError | socket.gaierror)


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
        return SlackOutcome("retry", error=f"HTTP {status}", unsure=status != 503)
    if status == 200 and error in TRANSIENT_ERRORS:
        return SlackOutcome("retry", error=error, unsure=error in PARTLY_DONE_ERRORS)
    return SlackOutcome("failed", error=error or f"HTTP {status}")
