"""What each feature hands the auditor's workbook: one sheet's columns and its rows, streamed.

A feature contributes `SHEET: SheetSource` in `bot/qms/<feature>/export.py`, listed once in the
workbook's ordered table of sheets (design.md "The auditor's workbook"). `rows` yields plain tuples in
batches from the database (never the whole table in memory); the workbook writes, types and
formats the cells.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

TEXT, LONG_TEXT, NUMBER, DATETIME, DATE, USER, USERS, LINK = (
    "text", "long_text", "number", "datetime", "date", "user", "users", "link")


@dataclass(frozen=True)
class Column:
    """`kind` says how a value is written: USER (a Slack user id) becomes a display-name column plus the
    id in its own column; USERS a list of ids; LINK a URL written as a working hyperlink; DATETIME is UTC."""

    header: str
    kind: str = TEXT
    width: int = 18


@dataclass(frozen=True)
class Window:
    team_id: str
    since: datetime | None = None  # records created (events happened) in [since, until)
    until: datetime | None = None
    at: datetime | None = None  # when the workbook is made: what "days open" of a record still open counts to


@dataclass(frozen=True)
class SheetSource:
    name: str  # the sheet's title, as design.md lists it
    clause: str  # what it evidences, shown on Summary: "8.7, 10.2"
    columns: tuple[Column, ...]
    count: Callable[[Session, Window], int]
    rows: Callable[[Session, Window], Iterator[tuple]]
    empty: str = "No records yet."
