"""Is this request from Slack? The v0 signature and timestamp, and the body's shape, checked
before anything acts on it (https://api.slack.com/authentication/verifying-requests-from-slack).

Pure functions over bytes: bot/web.py calls them before Bolt sees a request.
"""
from __future__ import annotations

import hashlib
import hmac
import re

MAX_AGE_SECONDS = 5 * 60  # Slack's own replay window
VERIFIED = "trellis_verified"  # Bolt context key: bot/web.py sets it only after check_signature passed
_MAX_TIMESTAMP_DIGITS = 12


class Unverified(Exception):
    """The request is not provably from Slack (401); the reason is for the log only."""


class Malformed(Exception):
    """Signed, but not a body Slack sends: not UTF-8, not a JSON object, not a form (400)."""


def check_signature(secret: bytes, *, timestamp: bytes, signature: bytes | None, body: bytes) -> None:
    """Raise Unverified unless `signature` is Slack's v0 HMAC of this timestamp (checked first) and body."""
    if not signature:
        raise Unverified("no X-Slack-Signature")
    expected = b"v0=" + hmac.new(secret, b"v0:" + timestamp + b":" + body, hashlib.sha256).hexdigest().encode()
    if not hmac.compare_digest(expected, signature):
        raise Unverified("signature does not match")


def check_timestamp(timestamp: bytes | None, *, now: float) -> None:
    """Plain ASCII digits only: int() would also take ' 12', '+12' and '1_2'; '1e9' and '12.5' are refused."""
    if not timestamp:
        raise Unverified("no X-Slack-Request-Timestamp")
    if not (timestamp.isdigit() and len(timestamp) <= _MAX_TIMESTAMP_DIGITS):
        raise Unverified("X-Slack-Request-Timestamp is not an integer")
    if abs(now - int(timestamp)) > MAX_AGE_SECONDS:
        raise Unverified("X-Slack-Request-Timestamp is more than 5 minutes away")


def body_text(body: bytes, content_type: str) -> str:
    """The body as text, if it is one Bolt reads as JSON (the content type says so, or it starts with
    `{`: Bolt's own rule) or as a form of `name=value` fields. Whether the JSON is an object Bolt can
    read is for Bolt's parser to say (bot/web.py turns its failure into a 400): parsing it here too
    would double the cost of every request."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("body is not UTF-8") from None
    if not text:
        raise Malformed("empty body")
    if content_type == "application/json" or text.startswith("{"):
        return text
    if not _FORM.fullmatch(text):
        raise Malformed("body is not a form")
    if "payload" in text and not _PAYLOAD_FIELD.search(text):
        # Bolt reads any form that mentions "payload" (say, in a command's text) from its payload
        # field, and finds none: /qms nc the payload is wrong would go unanswered. The same form,
        # with one letter percent-encoded, reads the same and no longer mentions it.
        return text.replace("payload", "p%61yload")
    return text


_FORM = re.compile(r"[^&=]+=[^&]*(?:&[^&=]+=[^&]*)*")  # what parse_qsl(strict_parsing=True) accepts
_PAYLOAD_FIELD = re.compile(r"(?:^|&)payload=")
