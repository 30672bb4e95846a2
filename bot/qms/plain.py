"""Plain JSON values and UTC instants: what the audit trail stores, hashes and replays."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

import orjson


def as_utc(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC; aware ones are converted to it."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def jsonable(value: Any) -> Any:
    """Plain JSON values, so what is stored is exactly what was hashed."""
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(item) for item in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def parsed(text: str | None) -> Any:
    """Stored JSON text as values: orjson, in a third of json's time (a million events are read at once),
    and json for what orjson refuses (NaN, integers beyond 64 bits)."""
    if text is None:
        return None
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)
