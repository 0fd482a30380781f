"""Seed loader (placeholder until the seeding feature lands)."""
from pathlib import Path


def load_seeds(directory: Path) -> dict[str, int]:
    return {}
