"""Small SQL building blocks that behave the same on SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import literal_column
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_ignore(session: Session, model, **values) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True when this call created the row.

    On PostgreSQL a concurrent inserter of the same key waits for ours to
    commit and then does nothing, so callers never see a duplicate-key error.
    """
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    # RETURNING, not rowcount: SQLAlchemy with psycopg 3 reports rowcount -1 for INSERTs.
    statement = dialect.insert(model).values(**values).on_conflict_do_nothing().returning(literal_column("1"))
    return session.execute(statement).first() is not None
