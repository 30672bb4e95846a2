"""The workbook's Audit trail sheet (ISO 9001 7.5.3.2): one row per event, with its hash and the one before.

The change is written the way a person reads it — "field: before → after", one line per field —
wherever the event's before and after are field lists; anything else is shown as compact JSON.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Text, cast
from sqlalchemy.orm import Session

from bot.qms.export.batches import count, window_pages
from bot.qms.plain import parsed
from bot.qms.sheets import DATETIME, LONG_TEXT, NUMBER, USER, Column, SheetSource, Window
from models import AuditEvent

COLUMNS = (
    Column("Seq", NUMBER, 8), Column("Time", DATETIME, 20), Column("Record type", width=12),
    Column("Record", width=10), Column("Action", width=22), Column("Actor", USER),
    Column("Change (before → after)", LONG_TEXT, 60), Column("Hash", width=66), Column("Previous hash", width=66),
)
# `before` and `after` as their text, parsed here (bot.qms.plain.parsed: faster than the JSON type's own)
FIELDS = (AuditEvent.seq, AuditEvent.at, AuditEvent.record_type, AuditEvent.record_id, AuditEvent.action,
          AuditEvent.actor, cast(AuditEvent.before, Text), cast(AuditEvent.after, Text), AuditEvent.hash,
          AuditEvent.prev_hash)
ARROW = " → "


def count_events(session: Session, window: Window) -> int:
    return count(session, AuditEvent, AuditEvent.at, window)


def event_rows(session: Session, window: Window) -> Iterator[tuple]:
    for page in window_pages(session, window, FIELDS, AuditEvent.at, AuditEvent.seq):
        for seq, at, record_type, record_id, action, actor, before, after, hashed, prev_hash in page:
            yield (seq, at, record_type, record_id, action, actor, change(parsed(before), parsed(after)), hashed,
                   prev_hash)


def change(before: Any, after: Any) -> str | None:
    """"field: old → new" per field of either side; a new record's fields as "field: value"."""
    if before is None and after is None:
        return None
    if not isinstance(before or {}, dict) or not isinstance(after or {}, dict):
        return f"{shown(before)}{ARROW}{shown(after)}"
    before, after = before or {}, after or {}
    lines = []
    for name in dict.fromkeys([*before, *after]):
        if name not in before:
            if after[name] is not None or before:  # a new record lists the fields it was given
                lines.append(f"{name}: {shown(after[name])}")
        elif name not in after:
            lines.append(f"{name}: {shown(before[name])}{ARROW}(removed)")
        else:
            lines.append(f"{name}: {shown(before[name])}{ARROW}{shown(after[name])}")
    return "\n".join(lines)


def shown(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        return ", ".join(str(item) for item in value) if value else "(none)"
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


SHEET = SheetSource("Audit trail", "7.5.3.2", COLUMNS, count_events, event_rows)
