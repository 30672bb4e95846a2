"""Sheets whose features are not built yet: each appears with its header and the row "No records yet".

One line each; when a feature lands, its own `SHEET` (bot/qms/<feature>/export.py) takes the line's
place in bot/qms/export/sheets.py.
"""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.orm import Session

from bot.qms.sheets import DATE, DATETIME, LINK, LONG_TEXT, NUMBER, USER, USERS, Column, SheetSource, Window


def _none(session: Session, window: Window) -> int:
    return 0


def _no_rows(session: Session, window: Window) -> Iterator[tuple]:
    return iter(())


def placeholder(name: str, clause: str, *columns: Column) -> SheetSource:
    return SheetSource(name, clause, columns, _none, _no_rows)


CUSTOMER_FEEDBACK = placeholder(
    "Customer feedback", "9.1.2", Column("ID", width=10), Column("Customer", width=20), Column("Score", NUMBER, 8),
    Column("Scale", width=8), Column("What they said", LONG_TEXT, 60), Column("How it came", width=12),
    Column("Related record", width=12), Column("Logged by", USER), Column("Logged", DATETIME, 20),
    Column("Source message", LINK, 20))
OBJECTIVES = placeholder(
    "Objectives", "6.2, 9.1.3", Column("ID", width=10), Column("Name", LONG_TEXT, 40), Column("Owner", USER),
    Column("Period", width=12), Column("Measure", width=30), Column("Target", width=12), Column("Value", width=12),
    Column("Status", width=12))
KNOWLEDGE = placeholder(
    "Knowledge", "7.1.6", Column("ID", width=10), Column("Title", LONG_TEXT, 40), Column("Process", width=14),
    Column("Tags", width=20), Column("Owner", USER), Column("Author", USER), Column("Created", DATETIME, 20),
    Column("Last confirmed", DATETIME, 20), Column("Next review", DATE, 12), Column("Status", width=12),
    Column("Versions", NUMBER, 10), Column("Source message", LINK, 20))
