"""Human record ids (NC-1, APR-1, ...), unique per workspace under concurrency.

The increment is a single UPDATE ... RETURNING: PostgreSQL holds the row lock
until commit, SQLite holds the database write lock (BEGIN IMMEDIATE), so two
transactions can never get the same number and a rolled-back one never skips
past a committed one.
"""
from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.qms.rows import insert_ignore
from models import Counter

# record type -> id prefix (design.md "Record ids")
PREFIXES = {"nc": "NC", "approval": "APR", "review": "MR", "action": "ACT", "kb": "KB", "feedback": "FB",
            "objective": "OBJ"}


def next_number(session: Session, *, team_id: str, kind: str) -> int:
    insert_ignore(session, Counter, team_id=team_id, kind=kind, value=0)
    statement = (
        update(Counter)
        .where(Counter.team_id == team_id, Counter.kind == kind)
        .values(value=Counter.value + 1)
        .returning(Counter.value)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).scalar_one()


def next_id(session: Session, *, team_id: str, kind: str) -> str:
    """The next human id, e.g. 'NC-12'."""
    return f"{PREFIXES[kind]}-{next_number(session, team_id=team_id, kind=kind)}"


def parse_id(text: str) -> tuple[str, int] | None:
    """'nc-12' -> ('nc', 12); None when it is not a record id."""
    prefix, _, number = (text or "").strip().upper().partition("-")
    kinds = {value: key for key, value in PREFIXES.items()}
    if prefix in kinds and number.isdigit():
        return kinds[prefix], int(number)
    return None
