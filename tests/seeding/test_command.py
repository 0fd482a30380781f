"""`flask --app planner seed`: counts on success; on failure the problems, a non-zero exit and an unchanged database."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from planner.councils.models import Council
from planner.db import session
from tests.seeding.conftest import dump, edit, row_counts


def test_seed_prints_counts_by_kind(app, db):
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "countries: 7" in result.output
    assert "shifts: 34" in result.output
    assert "budget decisions: 18" in result.output


def test_seed_reads_the_folder_given_with_path(app, db, seed_copy):
    edit(seed_copy, "councils.yaml", 'name: "Zarqa Local Council"', 'name: "Zarqa City Council"')
    result = app.test_cli_runner().invoke(args=["seed", "--path", str(seed_copy)])
    assert result.exit_code == 0, result.output
    assert session.scalars(select(Council.name).where(Council.slug == "zarqa")).one() == "Zarqa City Council"


def test_seed_lists_the_problems_and_changes_nothing(app, db, seed_copy):
    edit(seed_copy, "councils.yaml", 'name: "Zarqa Local Council"', 'name: "Zarqa City Council"')
    edit(seed_copy, "councils.yaml", "locality: amman\n", "locality: atlantis\n")
    edit(seed_copy, "initiatives.yaml", "especially women and youth, turn", "especially women and youth â€“ turn")
    before = row_counts()
    result = app.test_cli_runner().invoke(args=["seed", "--path", str(seed_copy)])
    assert result.exit_code == 1
    assert "Nothing was loaded: the seed files have 2 problem(s)." in result.output
    assert "councils.yaml: amman-east: locality: no localities record has the key 'atlantis'" in result.output
    assert "initiatives.yaml: east-amman-civic-voices: summary: mojibake" in result.output
    assert "Traceback" not in result.output
    assert row_counts() == before
    assert session.scalars(select(Council.name).where(Council.slug == "zarqa")).one() == "Zarqa Local Council"


def test_a_database_failure_part_way_rolls_everything_back(app, db, seed_copy, monkeypatch):
    edit(seed_copy, "councils.yaml", 'name: "Zarqa Local Council"', 'name: "Zarqa City Council"')

    def refuse(*_args):
        raise IntegrityError("INSERT INTO budget_envelopes", {}, Exception("allocated exceeds amount"))

    monkeypatch.setattr("planner.seeding.loader.store_budgets", refuse)
    before = dump()
    result = app.test_cli_runner().invoke(args=["seed", "--path", str(seed_copy)])
    assert result.exit_code == 1
    assert "Nothing was loaded: the database refused the seed data (allocated exceeds amount)." in result.output
    assert dump() == before
