from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import models  # noqa: F401
from bot import migrate
from migrations.unmapped import include_object


def drift(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": include_object})
        return compare_metadata(context, SQLModel.metadata)


def test_models_and_migrations_agree(engine):
    assert migrate.current(engine) == migrate.head()
    assert drift(engine) == []


def test_upgrade_downgrade_round_trip(db_url, engine):
    migrate.downgrade(db_url, "base")
    assert migrate.current(engine) is None
    with engine.connect() as connection:
        tables = set(engine.dialect.get_table_names(connection)) - {"alembic_version"}
    assert tables == set()
    migrate.upgrade(db_url)
    assert migrate.current(engine) == migrate.head()
    assert drift(engine) == []
