"""Small SQL building blocks that behave the same on SQLite and PostgreSQL."""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import TextClause, bindparam, text
from sqlalchemy.orm import Session


def insert_ignore(session: Session, model, **values) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True when this call created the row.

    On PostgreSQL a concurrent inserter of the same key waits for ours to
    commit and then does nothing, so callers never see a duplicate-key error.
    RETURNING, not rowcount: psycopg 3 reports rowcount -1 for INSERTs.
    """
    statement = _insert_ignore(model.__table__, tuple(sorted(values)))
    return session.execute(statement, values).first() is not None


@lru_cache(maxsize=128)
def _insert_ignore(table, columns: tuple[str, ...]) -> TextClause:
    """One statement per table and column set, typed like the table so values convert as the ORM's do.

    SQLAlchemy cannot cache the dialect-specific ON CONFLICT constructs, so it
    would compile them again on every call (about 1 ms each); this text is
    compiled once. Both databases accept the same SQL.
    """
    names = ", ".join(f'"{column}"' for column in columns)
    params = ", ".join(f":{column}" for column in columns)
    statement = text(f'INSERT INTO "{table.name}" ({names}) VALUES ({params}) ON CONFLICT DO NOTHING RETURNING 1')
    return statement.bindparams(*(bindparam(column, type_=table.c[column].type) for column in columns))
