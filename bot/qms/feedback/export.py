"""The workbook's `Customer feedback` sheet (ISO 9001 9.1.2): one row per FB-n, streamed in batches."""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.qms.feedback.rules import VIA
from bot.qms.sheets import DATETIME, LINK, LONG_TEXT, NUMBER, TEXT, USER, Column, SheetSource, Window
from models import Feedback

BATCH = 500


def _where(window: Window):
    conditions = [Feedback.team_id == window.team_id]
    if window.since:
        conditions.append(Feedback.created_at >= window.since)
    if window.until:
        conditions.append(Feedback.created_at < window.until)
    return conditions


def count(session: Session, window: Window) -> int:
    return session.scalar(select(func.count()).select_from(Feedback).where(*_where(window)))


def rows(session: Session, window: Window) -> Iterator[tuple]:
    query = select(Feedback).where(*_where(window)).order_by(Feedback.id).execution_options(yield_per=BATCH)
    for record in session.scalars(query):
        yield (record.record_id, record.created_at, record.customer, record.score, record.scale.upper(),
               record.comment, VIA.get(record.received_via, record.received_via),
               record.related_nc or record.related_approval, record.raised_nc, record.logged_by,
               record.source_permalink)


SHEET = SheetSource(
    name="Customer feedback", clause="9.1.2",
    columns=(Column("ID", TEXT, 10), Column("Logged", DATETIME), Column("Customer", TEXT, 24),
             Column("Score", NUMBER, 8), Column("Scale", TEXT, 8), Column("What they said", LONG_TEXT, 50),
             Column("How it came", TEXT, 12), Column("About", TEXT, 10), Column("NC raised", TEXT, 10),
             Column("Logged by", USER), Column("Source message", LINK, 30)),
    count=count, rows=rows, empty="No customer feedback logged yet.")
