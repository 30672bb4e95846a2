"""Test databases: a migrated SQLite template copied per test, or one PostgreSQL
database (TRELLIS_TEST_POSTGRES_URL) migrated once and emptied between tests."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from sqlalchemy import text

from bot import migrate
from bot.db import make_engine

POSTGRES_ENV = "TRELLIS_TEST_POSTGRES_URL"


def backends() -> list[str]:
    return ["sqlite", "postgres"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


def sqlite_template(folder: Path) -> Path:
    path = folder / "template.db"
    if not path.exists():
        # Alembic's engine is disposed when it finishes: the last connection to
        # close folds the WAL back into the file, so copying the file is enough.
        migrate.upgrade(f"sqlite:///{path}")
    return path


def fresh_sqlite(template: Path, folder: Path) -> str:
    target = folder / "trellis.db"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


def reset_postgres(url: str) -> None:
    """Drop everything so the first test starts from an empty database."""
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    migrate.upgrade(url)


def empty_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        if migrate.current(engine) != migrate.head(url):
            connection.close()
            engine.dispose()
            reset_postgres(url)
            return
        tables = [row[0] for row in connection.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"))]
        if tables:  # the audit trail refuses TRUNCATE; a replica session fires no triggers
            connection.execute(text("SET LOCAL session_replication_role = replica"))
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()
