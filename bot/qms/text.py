"""Text Slack can deliver that a database or the audit hash cannot keep, made storable once.

PostgreSQL refuses NUL in text, and a lone surrogate (half of a UTF-16 pair, which JSON can
carry as `\\ud800`) cannot be encoded as UTF-8 for the audit hash. Each becomes U+FFFD:
the message is kept, and SQLite and PostgreSQL store the same thing.
"""
from __future__ import annotations

import re
from typing import Any

REPLACEMENT = "\ufffd"
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> str:
    return _UNSTORABLE.sub(REPLACEMENT, text) if _UNSTORABLE.search(text) else text


def storable_payload(value: Any) -> Any:
    """The same payload with every string made storable (dicts and lists changed in place)."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = storable_payload(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = storable_payload(item)
    return value
