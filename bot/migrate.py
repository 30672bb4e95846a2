"""Run Alembic from code: `trellis run/serve` migrate to head before they start."""
from __future__ import annotations

import io
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

import migrations


def alembic_config(url: str, *, stdout=None) -> Config:
    config = Config(stdout=stdout or io.StringIO())
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def current(engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head(url: str = "") -> str | None:
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def known_revision(url: str, revision: str) -> bool:
    if revision in ("base", "head") or revision.startswith(("-", "+")):
        return True
    try:
        return ScriptDirectory.from_config(alembic_config(url)).get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown or ambiguous id
        return False
