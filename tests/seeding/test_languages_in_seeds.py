"""The seeds speak the region's languages: each record in Jordan, Morocco and Istanbul has its name in the local one."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
LOCAL_LANGUAGES = {"JO": {"ar"}, "MA": {"ar", "fr"}, "TR": {"tr"}}


def _records(name: str) -> list[dict]:
    return yaml.safe_load((SEEDS / f"{name}.yaml").read_text(encoding="utf-8"))


def _country_of(record: dict, localities: dict[str, str], councils: dict[str, str]) -> str:
    if "country" in record:
        return record["country"]
    if "locality" in record:
        return localities[record["locality"]]
    return councils[record["council"]]


@pytest.mark.parametrize("name", ["councils", "centres", "organisations", "initiatives"])
def test_every_record_in_the_region_has_its_name_in_the_local_languages(name):
    localities = {record["key"]: record["country"] for record in _records("localities")}
    councils = {record["key"]: localities[record["locality"]] for record in _records("councils")}
    missing = []
    for record in _records(name):
        wanted = LOCAL_LANGUAGES.get(_country_of(record, localities, councils), set())
        title = "title" if name == "initiatives" else "name"
        given = {language for language, fields in (record.get("translations") or {}).items() if fields.get(title)}
        if wanted - given:
            missing.append((record["key"], sorted(wanted - given)))
    assert missing == []
