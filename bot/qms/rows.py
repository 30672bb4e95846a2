"""Small SQL building blocks that behave the same on SQLite and PostgreSQL."""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from sqlalchemy import ColumnElement, Select, TextClause, bindparam, func, select, text, union_all
from sqlalchemy.dialects import postgresql, sqlite
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


def insert_new(session: Session, model, rows: Sequence[dict], *, returning: tuple[str, ...]) -> list[tuple]:
    """INSERT `rows` (all with the same keys) ON CONFLICT DO NOTHING: the `returning` columns of those this
    call inserted. On PostgreSQL one statement whose text does not grow with the rows: they travel as one
    array per column, unnest()ed. SQLAlchemy's executemany with RETURNING renders a placeholder per value
    instead, in batches, and for 2,790 claim rows psycopg spent 170 ms converting them. SQLite keeps
    SQLAlchemy's own (a JSON text through json_each measured no faster there)."""
    if not rows:
        return []
    table, columns = model.__table__, tuple(rows[0])
    if session.get_bind().dialect.name != "postgresql":
        statement = sqlite.insert(table).on_conflict_do_nothing().returning(*(table.c[key] for key in returning))
        return [tuple(row) for row in session.execute(statement, list(rows))]
    values = {column: [row[column] for row in rows] for column in columns}
    return [tuple(row) for row in session.execute(_unnested_insert(table, columns, returning), values)]


@lru_cache(maxsize=32)
def _unnested_insert(table, columns: tuple[str, ...], returning: tuple[str, ...]) -> TextClause:
    """PostgreSQL's INSERT ... SELECT * FROM unnest(one typed array per column), compiled once."""
    names = ", ".join(f'"{column}"' for column in columns)
    keys = ", ".join(f'"{column}"' for column in returning)
    types = {column: table.c[column].type for column in columns}
    arrays = ", ".join(f"CAST(:{column} AS {types[column].compile(dialect=postgresql.dialect())}[])"
                       for column in columns)
    statement = text(f'INSERT INTO "{table.name}" ({names}) SELECT * FROM unnest({arrays}) '
                     f'ON CONFLICT DO NOTHING RETURNING {keys}')
    return statement.bindparams(*(bindparam(column, type_=postgresql.ARRAY(types[column])) for column in columns))


def upsert(session: Session, model, rows: Sequence[dict], *, key: tuple[str, ...]) -> None:
    """INSERT ... ON CONFLICT (key) DO UPDATE the other columns: every row stored or brought up to date,
    in one statement however many rows (executemany)."""
    if rows:
        session.execute(_upsert(model.__table__, tuple(sorted(rows[0])), key), list(rows))


@lru_cache(maxsize=32)
def _upsert(table, columns: tuple[str, ...], key: tuple[str, ...]) -> TextClause:
    """Like `_insert_ignore`: text compiled once, the same SQL on both databases."""
    names = ", ".join(f'"{column}"' for column in columns)
    params = ", ".join(f":{column}" for column in columns)
    keys = ", ".join(f'"{column}"' for column in key)
    updates = ", ".join(f'"{column}" = excluded."{column}"' for column in columns if column not in key)
    statement = text(f'INSERT INTO "{table.name}" ({names}) VALUES ({params}) '
                     f'ON CONFLICT ({keys}) DO UPDATE SET {updates}')
    return statement.bindparams(*(bindparam(column, type_=table.c[column].type) for column in columns))


def newest_first(model, conditions: Sequence[ColumnElement[bool]], *, limit: int, columns: Sequence = ()) -> Select:
    """Rows of `model` (or only its `columns`) matching any of `conditions`, newest (highest id) first,
    at most `limit`.

    One UNION ALL branch per condition, each meant to be one index range already in id order, so each
    stops after `limit` ids: given the OR (or an IN over statuses) instead, both planners read a wider
    index and sort every match. Only the at most len(conditions) x limit ids the branches return are
    sorted, then their rows read by primary key. The conditions must not overlap (a row matching two
    would be listed twice). Building this costs SQLAlchemy milliseconds: build it once, with bindparams
    for the values, and execute it with them.
    """
    branches = [select(model.id).where(condition).order_by(model.id.desc()).limit(limit) for condition in conditions]
    ids = (branches[0] if len(branches) == 1
           else union_all(*(select(branch.subquery().c.id) for branch in branches))).subquery()
    return select(*columns or (model,)).join(ids, model.id == ids.c.id).order_by(ids.c.id.desc()).limit(limit)


def first_with_total(model, columns: Sequence, where: Sequence[ColumnElement[bool]], *, order_by: Sequence,
                     limit: int) -> Select:
    """The first `limit` rows of `model` matching `where` (only `columns`), each carrying `total`: how many
    match in all. An uncorrelated subquery, so the database counts once from an index; a window count
    (count(*) OVER ()) would read every matching row before the first is returned."""
    total = select(func.count()).select_from(model).where(*where).scalar_subquery().label("total")
    return select(*columns, total).where(*where).order_by(*order_by).limit(limit)
