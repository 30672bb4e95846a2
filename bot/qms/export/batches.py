"""Reading a sheet's rows as a stream: one statement, fetched a page at a time.

`pages` runs one SELECT and hands its rows over in pages of `BATCH` (SQLAlchemy's yield_per: a
server-side cursor on PostgreSQL, SQLite's own stepping cursor), so memory holds one page whatever
the table's size; a sheet that needs more per row (approvers, comment counts) asks once per page.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from bot.qms.audit import as_utc
from bot.qms.sheets import Window
from models import SlackMessage
from models.outbox import CARD

BATCH = 1000


def within(statement: Select, column, window: Window) -> Select:
    """Only rows of `window.team_id` whose `column` (created / happened) lies in [since, until)."""
    if window.since is not None:
        statement = statement.where(column >= as_utc(window.since))
    if window.until is not None:
        statement = statement.where(column < as_utc(window.until))
    return statement


def count(session: Session, model, column, window: Window) -> int:
    """How many rows of `model` the window holds (the Summary's figure and the progress bar's total)."""
    statement = select(func.count()).select_from(model).where(model.team_id == window.team_id)
    return session.scalar(within(statement, column, window)) or 0


def window_pages(session: Session, window: Window, fields: Sequence, moment, order) -> Iterator[Sequence]:
    """`fields` of the rows of the window's workspace whose `moment` lies in the window, by `order`, a page
    at a time (the table is the one `moment` belongs to)."""
    statement = select(*fields).where(moment.class_.team_id == window.team_id)
    return pages(session, within(statement, moment, window).order_by(order))


def pages(session: Session, statement: Select, size: int = BATCH) -> Iterator[Sequence]:
    """The statement's rows, `size` at a time, from one query."""
    result = session.execute(statement.execution_options(yield_per=size))
    yield from result.partitions(size)


def card_links(session: Session, team_id: str, record_type: str, ids: Sequence[str]) -> dict[str, str]:
    """The Slack permalink of each record's card (its home in the quality channel), once Slack gave it."""
    rows = session.execute(select(SlackMessage.record_id, SlackMessage.permalink).where(
        SlackMessage.team_id == team_id, SlackMessage.record_type == record_type,
        SlackMessage.record_id.in_(ids), SlackMessage.role == CARD, SlackMessage.permalink.is_not(None)))
    return {record_id: permalink for record_id, permalink in rows}
