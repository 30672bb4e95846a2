"""The workbook's Review threads sheet (ISO 9001 7.5.3): every kept reply, edits and deletions marked."""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.orm import Session

from bot.qms.export.batches import count, window_pages
from bot.qms.sheets import DATETIME, LINK, LONG_TEXT, USER, Column, SheetSource, Window
from models import Comment

COLUMNS = (
    Column("Record type", width=12), Column("Record", width=10), Column("Author", USER),
    Column("Written", DATETIME, 20), Column("Text", LONG_TEXT, 60), Column("Permalink", LINK, 14),
    Column("Edited", DATETIME, 20), Column("Deleted", DATETIME, 20), Column("Channel", width=14),
    Column("Message ts", width=18),
)
FIELDS = (Comment.id, Comment.record_type, Comment.record_id, Comment.author, Comment.created_at, Comment.text,
          Comment.permalink, Comment.edited_at, Comment.deleted_at, Comment.channel, Comment.ts)


def count_replies(session: Session, window: Window) -> int:
    return count(session, Comment, Comment.created_at, window)


def reply_rows(session: Session, window: Window) -> Iterator[tuple]:
    for page in window_pages(session, window, FIELDS, Comment.created_at, Comment.id):
        for row in page:
            yield (row.record_type, row.record_id, row.author, row.created_at, row.text,
                   ("Open in Slack", row.permalink), row.edited_at, row.deleted_at, row.channel, row.ts)


SHEET = SheetSource("Review threads", "7.5.3", COLUMNS, count_replies, reply_rows)
