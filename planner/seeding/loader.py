"""Loading the seed folder: validate every file first, then upsert every record in dependency order.

Nothing is written unless every file is valid. The loader only flushes; the caller commits (or
rolls back), so a failure part-way leaves the database as it was.
"""
from __future__ import annotations

from pathlib import Path

from planner.seeding.checks import check_across_files
from planner.seeding.problems import SeedError
from planner.seeding.reading import SeedSet, read_seed_folder
from planner.seeding.store_activities import store_initiatives, store_partnerships, store_programmes, store_shifts
from planner.seeding.store_budgets import store_budgets
from planner.seeding.store_directory import (
    VOCABULARIES,
    store_centres,
    store_councils,
    store_countries,
    store_localities,
    store_organisations,
    store_terms,
)


def validated_seeds(directory: Path) -> SeedSet:
    """Every record of the folder, checked alone and together; raises SeedError listing all problems."""
    seeds = read_seed_folder(Path(directory))
    problems = seeds.problems + check_across_files(seeds)
    if problems:
        raise SeedError(problems)
    return seeds


def load_seeds(directory: Path) -> dict[str, int]:
    """Validate the seed folder, then create or update its records; returns how many records of each kind."""
    seeds = validated_seeds(directory)
    return write_seeds(seeds.records)


def write_seeds(seeds: dict[str, list]) -> dict[str, int]:
    """Upsert validated records, parents before children; flushes, never commits."""
    records = {"countries": store_countries(seeds["countries"])}
    terms = {kind: store_terms(model, seeds[kind]) for kind, model in VOCABULARIES.items()}
    records["localities"] = store_localities(seeds["localities"])
    records["councils"] = store_councils(seeds["councils"], records["localities"])
    records["centres"] = store_centres(seeds["centres"], records["localities"], records["councils"], terms)
    records["organisations"] = store_organisations(seeds["organisations"], records["countries"], records["localities"])
    records["initiatives"] = store_initiatives(seeds["initiatives"], records, terms)
    programmes = store_programmes(seeds["programmes"], records, terms)
    shifts = store_shifts(seeds["programmes"], programmes, records)
    partnerships = store_partnerships(seeds["partnerships"], records)
    budgets = store_budgets(seeds["envelopes"], seeds["requests"], records)
    return {
        "countries": len(records["countries"]), **{kind: len(found) for kind, found in terms.items()},
        **{kind: len(records[kind]) for kind in ("localities", "councils", "centres", "organisations", "initiatives")},
        "programmes": len(programmes), "shifts": shifts, "partnerships": len(partnerships), **budgets,
    }
