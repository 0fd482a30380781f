"""`flask --app planner seed`: counts on success; on failure the problems, a non-zero exit and an unchanged database."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from planner.councils.models import Council
from planner.db import session
from tests.seeding.conftest import LOADED_AT, dump, edit, row_counts
from tests.seeding.test_loading import EXPECTED_COUNTS


def test_seed_prints_counts_by_kind(demo_app, demo_db, clock):
    clock.set(LOADED_AT)
    result = demo_app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "countries: 7" in result.output
    assert f"shifts: {EXPECTED_COUNTS['shifts']}" in result.output
    assert "volunteers: 11" in result.output
    assert "budget decisions: 18" in result.output


def test_seed_reads_the_folder_given_with_path(demo_app, demo_db, seed_copy):
    edit(seed_copy, "councils.yaml", 'name: "Zarqa Local Council"', 'name: "Zarqa City Council"')
    result = demo_app.test_cli_runner().invoke(args=["seed", "--path", str(seed_copy)])
    assert result.exit_code == 0, result.output
    assert session.scalars(select(Council.name).where(Council.slug == "zarqa")).one() == "Zarqa City Council"


def test_seed_keeps_what_a_person_changed_unless_told_to_update(demo_app, loaded, seed_copy):
    council = session.scalars(select(Council).where(Council.slug == "zarqa")).one()
    council.mandate = "Edited by the council's own chair."
    session.flush()
    edit(seed_copy, "councils.yaml", 'name: "Zarqa Local Council"', 'name: "Zarqa City Council"')
    result = demo_app.test_cli_runner().invoke(args=["seed", "--path", str(seed_copy)])
    assert result.exit_code == 0, result.output
    assert (council.name, council.mandate) == ("Zarqa Local Council", "Edited by the council's own chair.")
    result = demo_app.test_cli_runner().invoke(args=["seed", "--update", "--path", str(seed_copy)])
    assert result.exit_code == 0, result.output
    session.refresh(council)
    assert council.name == "Zarqa City Council"


def test_seed_lists_the_problems_and_changes_nothing(demo_app, loaded, seed_copy):
    edit(seed_copy, "councils.yaml", 'name: "Zarqa Local Council"', 'name: "Zarqa City Council"')
    edit(seed_copy, "councils.yaml", "locality: amman\n", "locality: atlantis\n")
    edit(seed_copy, "initiatives.yaml", "especially women and youth, turn", "especially women and youth â€“ turn")
    before = row_counts()
    result = demo_app.test_cli_runner().invoke(args=["seed", "--update", "--path", str(seed_copy)])
    assert result.exit_code == 1
    assert "Nothing was loaded: the seed files have 2 problem(s)." in result.output
    assert "councils.yaml: amman-east: locality: no localities record has the key 'atlantis'" in result.output
    assert "initiatives.yaml: east-amman-civic-voices: summary: mojibake" in result.output
    assert "Traceback" not in result.output
    assert row_counts() == before
    assert session.scalars(select(Council.name).where(Council.slug == "zarqa")).one() == "Zarqa Local Council"


def test_a_database_failure_part_way_rolls_everything_back(demo_app, loaded, seed_copy, monkeypatch):
    edit(seed_copy, "councils.yaml", 'name: "Zarqa Local Council"', 'name: "Zarqa City Council"')

    def refuse(*_args):
        raise IntegrityError("INSERT INTO budget_envelopes", {}, Exception("allocated exceeds amount"))

    monkeypatch.setattr("planner.seeding.loader.store_budgets", refuse)
    before = dump()
    result = demo_app.test_cli_runner().invoke(args=["seed", "--update", "--path", str(seed_copy)])
    assert result.exit_code == 1
    assert "Nothing was loaded: the database refused the seed data (allocated exceeds amount)." in result.output
    assert dump() == before
