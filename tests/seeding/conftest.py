"""Helpers for the seeding tests: a private copy of the seed folder to break, and views of the whole database."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.db import Base, session

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


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


def dump() -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    return {
        table.name: [tuple(row) for row in session.execute(select(table).order_by(*table.primary_key.columns))]
        for table in Base.metadata.sorted_tables
    }
