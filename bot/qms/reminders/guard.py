"""One failing record never stops the sweep: it is logged with its id and the others go on."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TypeVar

from bot.qms.inputs import Due

log = logging.getLogger("trellis.reminders")
Row = TypeVar("Row")


def each(rows: Iterable[Row], build: Callable[[Row], Iterable[Due]], *, source: str,
         record_id: Callable[[Row], str]) -> list[Due]:
    """`build` for every row; a row it fails on is logged (with its record id) and left out."""
    found: list[Due] = []
    for row in rows:
        try:
            found.extend(build(row))
        except Exception:  # a bad record is skipped, never the rest of the sweep
            log.exception("reminders: %s could not remind of %s; skipped", source, record_id(row))
    return found
