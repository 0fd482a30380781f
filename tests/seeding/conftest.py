"""Helpers for the seeding tests: databases holding the demo, a copy of the seed folder to break, views of
every table.

The shared test baseline holds only countries, vocabularies and places; these tests load the demo
themselves, each at a load instant they choose, since the seeds' dates count from the load day.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner import create_app
from planner.db import Base, engine_of, session
from planner.seeding.loader import load_seeds

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
LOADED_AT = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)  # a Wednesday; the demo's dates count from this day


@pytest.fixture(scope="module")
def demo_app(databases, tmp_path_factory):
    """An app on its own empty migrated database (one per test module)."""
    module = tmp_path_factory.mktemp("seeding").name.replace("-", "_")
    app = create_app({"TESTING": True, "DATABASE_URL": databases.migrated(module), "SECRET_KEY": "test",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_STORAGE_URI": "memory://",
                      "INSTANCE_FOR_TESTS": str(tmp_path_factory.mktemp("seeding-instance"))})
    yield app
    engine_of(app).dispose()


@pytest.fixture
def demo_db(demo_app) -> Iterator:
    """The demo app's session inside a transaction that is rolled back after the test."""
    connection = engine_of(demo_app).connect()
    transaction = connection.begin()
    session.remove()
    session.configure(bind=connection)
    try:
        with demo_app.app_context():
            yield session
    finally:
        session.remove()
        session.configure(bind=None)
        transaction.rollback()
        connection.close()


@pytest.fixture
def loaded(demo_db) -> dict[str, int]:
    """The demo loaded as of LOADED_AT; the counts load_seeds reported. Committed, so a command that rolls back
    returns to it; the commit only releases a savepoint, and the whole test is still rolled back."""
    counts = load_seeds(SEEDS, now=LOADED_AT)
    session.commit()
    return counts


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """A copy of the project's seed folder that a test may edit."""
    return Path(shutil.copytree(SEEDS, tmp_path / "seeds"))


def edit(folder: Path, file: str, old: str, new: str) -> None:
    """Replace the first occurrence of old in one seed file (which must contain it)."""
    path = folder / file
    content = path.read_text(encoding="utf-8")
    assert old in content, f"{old!r} not in {file}"
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


def row_counts() -> dict[str, int]:
    """How many rows every table holds."""
    tables = Base.metadata.sorted_tables
    return {table.name: session.scalar(select(func.count()).select_from(table)) for table in tables}


# How far a series' shifts have been made is bookkeeping that moves on with every load (and the worker).
MOVES_ON = {"shift_series": {"made_until_local", "updated_at"}}


def dump() -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order (less the bookkeeping that moves on by design)."""
    return {
        table.name: [tuple(row) for row in session.execute(
            select(*(column for column in table.columns if column.name not in MOVES_ON.get(table.name, set())))
            .order_by(*table.primary_key.columns))]
        for table in Base.metadata.sorted_tables
    }
