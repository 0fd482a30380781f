"""Alembic environment: runs migrations on DATABASE_URL, or on a connection handed in by the caller."""
from __future__ import annotations

import os

from alembic import context

import planner.models  # noqa: F401  (every table registers itself on the metadata)
from planner.db import Base, make_engine
from planner.migrate import include_object

config = context.config
target_metadata = Base.metadata

def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
        user_module_prefix="planner.types.",
    )


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url") or os.environ.get("DATABASE_URL")
    engine = make_engine(url)
    with engine.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
