"""Entries stored straight through bot.qms.knowledge, for the search, bus-factor and seam tests."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from bot.qms.knowledge import records
from models.types import utcnow

TEAM = "T111"


def entry(session_factory, title: str, body: str = "", *, owner: str = "U_ALICE", process: str = "Delivery",
          tags=(), saver: str | None = None, author: str | None = None, days_ago: int = 0, review_days: int = 180,
          **extra):
    now = utcnow() - timedelta(days=days_ago)
    with session_factory.begin() as session:
        saved = records.save(session, team_id=extra.pop("team_id", TEAM), saver=saver or owner, author=author,
                             values={"title": title, "body": body or title, "process": process, "tags": list(tags),
                                     "owner": owner, "review_days": review_days}, now=now, **extra)
        return saved.record_id


class Statements:
    count = 0


@contextmanager
def count_statements(session):
    """How many SQL statements the session's connection runs inside the block."""
    counter = Statements()
    engine = session.get_bind()

    def seen(*_args):
        counter.count += 1

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", seen)
