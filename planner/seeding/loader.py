"""Loading the seed folder: validate every file first, then upsert every record in dependency order.

Nothing is written unless every file is valid. The loader only flushes; the caller commits (or
rolls back), so a failure part-way leaves the database as it was.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from planner.clock import utcnow

from planner.seeding.checks import check_across_files
from planner.seeding.problems import SeedError
from planner.seeding.reading import SeedSet, read_seed_folder
from planner.seeding.store_activities import (
    store_initiatives,
    store_logged_hours,
    store_partnerships,
    store_programmes,
    store_requirements,
    store_shifts,
    store_volunteers,
)
from planner.seeding.store_budgets import store_budgets
from planner.seeding.store_directory import (
    VOCABULARIES,
    store_centres,
    store_councils,
    store_countries,
    store_localities,
    store_organisations,
    store_sources,
    store_terms,
)
from planner.seeding.upsert import updating_existing_records


def validated_seeds(directory: Path, now: datetime | None = None) -> SeedSet:
    """Every record of the folder, checked alone and together, with relative dates read as of `now` (the
    app's clock by default); raises SeedError listing all problems."""
    seeds = read_seed_folder(Path(directory), now or utcnow())
    problems = seeds.problems + check_across_files(seeds)
    if problems:
        raise SeedError(problems)
    return seeds


def load_seeds(directory: Path, now: datetime | None = None, update: bool = False) -> dict[str, int]:
    """Validate the seed folder, then create its missing records (and, with update, bring the existing ones in
    line with the files); returns how many records of each kind the files hold."""
    seeds = validated_seeds(directory, now)
    if not update:
        return write_seeds(seeds.records, seeds.now)
    with updating_existing_records():
        return write_seeds(seeds.records, seeds.now)


def load_reference_data(directory: Path) -> dict[str, int]:
    """Validate the seed folder, then store only what every installation shares: countries, vocabularies, places.

    Tests start from this; the demo's councils, initiatives, shifts and budgets are left out.
    """
    seeds = validated_seeds(directory).records
    counts = {"sources": len(store_sources(seeds["sources"])), "countries": len(store_countries(seeds["countries"]))}
    counts |= {kind: len(store_terms(model, seeds[kind])) for kind, model in VOCABULARIES.items()}
    counts["localities"] = len(store_localities(seeds["localities"]))
    return counts


def write_seeds(seeds: dict[str, list], now: datetime) -> dict[str, int]:
    """Upsert validated records, parents before children; flushes, never commits."""
    sources = store_sources(seeds["sources"])
    records = {"countries": store_countries(seeds["countries"])}
    terms = {kind: store_terms(model, seeds[kind]) for kind, model in VOCABULARIES.items()}
    records["localities"] = store_localities(seeds["localities"])
    records["councils"] = store_councils(seeds["councils"], records["localities"])
    records["centres"] = store_centres(seeds["centres"], records["localities"], records["councils"], terms)
    records["organisations"] = store_organisations(seeds["organisations"], records["countries"], records["localities"])
    records["initiatives"] = store_initiatives(seeds["initiatives"], records, terms, now)
    programmes = store_programmes(seeds["programmes"], records, terms)
    volunteers = store_volunteers(seeds["volunteers"])
    shifts = store_shifts(seeds["programmes"], programmes, records, volunteers, now)
    logged = store_logged_hours(seeds["programmes"], programmes, volunteers, now)
    requirements = store_requirements(seeds["programmes"], programmes, volunteers, now)
    partnerships = store_partnerships(seeds["partnerships"], records)
    budgets = store_budgets(seeds["envelopes"], seeds["requests"], records)
    return {
        "sources": len(sources), "countries": len(records["countries"]), **{kind: len(found) for kind, found in terms.items()},
        **{kind: len(records[kind]) for kind in ("localities", "councils", "centres", "organisations", "initiatives")},
        "programmes": len(programmes), "volunteers": len(volunteers), "shifts": shifts, "logged_hours": logged,
        "requirements": requirements,
        "partnerships": len(partnerships), **budgets,
    }
