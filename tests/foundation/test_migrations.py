"""The migrations build exactly the schema the models describe, and can be undone and redone."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from planner.db import Base, make_engine
from planner.migrate import downgrade, include_object, upgrade


def _differences(url: str) -> list:
    engine = make_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    return differences


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    with engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
    engine.dispose()
    return names - {"alembic_version"}


def test_migrations_match_the_models(databases):
    url = databases.migrated("schema")
    assert _tables(url) >= set(Base.metadata.tables)
    assert _differences(url) == []


def test_upgrade_downgrade_upgrade(databases):
    url = databases.fresh("roundtrip")
    upgrade(url)
    downgrade(url, "base")
    assert _tables(url) == set()
    upgrade(url)
    assert _differences(url) == []
