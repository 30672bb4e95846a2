"""The workbook's Knowledge sheet (7.1.6): one row per entry created in the window, streamed in batches."""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.qms.sheets import DATETIME, LINK, LONG_TEXT, NUMBER, TEXT, USER, Column, SheetSource, Window
from models import KnowledgeEntry

BATCH = 500
COLUMNS = (
    Column("ID", TEXT, 10), Column("Title", LONG_TEXT, 40), Column("Process", TEXT, 16), Column("Tags", TEXT, 20),
    Column("Owner", USER, 18), Column("Author", USER, 18), Column("Created", DATETIME, 18),
    Column("Last confirmed", DATETIME, 18), Column("Next review", DATETIME, 18), Column("Status", TEXT, 10),
    Column("Versions", NUMBER, 9), Column("Source permalink", LINK, 30),
)


def _where(window: Window) -> list:
    conditions = [KnowledgeEntry.team_id == window.team_id]
    if window.since is not None:
        conditions.append(KnowledgeEntry.created_at >= window.since)
    if window.until is not None:
        conditions.append(KnowledgeEntry.created_at < window.until)
    return conditions


def count(session: Session, window: Window) -> int:
    return session.scalar(select(func.count()).select_from(KnowledgeEntry).where(*_where(window)))


def rows(session: Session, window: Window) -> Iterator[tuple]:
    statement = select(KnowledgeEntry).where(*_where(window)).order_by(KnowledgeEntry.id) \
        .execution_options(yield_per=BATCH)
    for entry in session.scalars(statement):
        yield (entry.record_id, entry.title, entry.process, ", ".join(entry.tags or []), entry.owner, entry.author,
               entry.created_at, entry.confirmed_at, entry.next_review_at,
               entry.status, entry.version, entry.source_permalink)


SHEET = SheetSource("Knowledge", "7.1.6", COLUMNS, count, rows)
