"""Plain JSON values and UTC instants: what the audit trail stores, hashes and replays."""
from __future__ import annotations

from datetime import UTC, date, datetime
from enum import Enum
from typing import Any


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
