"""Many rows read as the driver's own tuples: what verify walks.

SQLAlchemy makes a Row per fetched row; over a million events that is a second of the walk. On
SQLite, where rows come off the cursor one step at a time, the statement runs through SQLAlchemy as
usual (compiled once, seen by statement counters) and its rows are taken from the DBAPI cursor. On
PostgreSQL the rows stream through SQLAlchemy's server-side cursor (the driver's own cursor would
load all of them at once). Only for statements whose columns need no conversion (text, numbers).
"""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Select
from sqlalchemy.orm import Session


def tuples(session: Session, statement: Select, *, batch: int = 20000) -> Iterator[tuple]:
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        result = connection.execute(statement)
        fetch = result.cursor.fetchmany
    else:
        result = connection.execute(statement.execution_options(yield_per=batch))
        fetch = result.fetchmany
    try:
        while rows := fetch(batch):
            yield from rows
    finally:
        result.close()
