"""Records built from their own entries in seeds/*.yaml (name, summary, place, tags, status, provenance), for
tests that search the seeds' real words.

The test baseline holds no demo records, so each is built on demand inside the test's transaction
(or found, when the same test already built it).
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from sqlalchemy import select

from planner.centres.models import Centre
from planner.councils.models import Council
from planner.db import session
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.organisations.models import Organisation, OrganisationKind
from planner.places.models import Locality
from tests import factories as make

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@cache
def _entries(file: str) -> dict[str, dict]:
    return {entry["key"]: entry for entry in yaml.safe_load((SEEDS / f"{file}.yaml").read_text("utf-8"))}


def entry(file: str, key: str) -> dict:
    """The seed file's entry with this key."""
    return _entries(file)[key]


def _existing(model, key: str):
    return session.scalars(select(model).where(model.slug == key)).first()


def _stamped(record, key: str, data: dict, **fields):
    record.slug = key
    record.source_document = data["source"]["document"]
    record.source_section = data["source"]["section"]
    record.is_illustrative = data.get("illustrative", False)
    for name, value in fields.items():
        setattr(record, name, value)
    session.flush()
    return record


def locality(key: str) -> Locality:
    if found := _existing(Locality, key):
        return found
    data = entry("localities", key)
    return _stamped(make.locality(data["name"], data["country"], data["timezone"]), key, data)


def council(key: str) -> Council:
    if found := _existing(Council, key):
        return found
    data = entry("councils", key)
    record = make.council(data["name"], place=locality(data["locality"]), currency=data["currency"])
    return _stamped(record, key, data, mandate=data["mandate"], translations=data.get("translations", {}))


def organisation(key: str) -> Organisation:
    if found := _existing(Organisation, key):
        return found
    data = entry("organisations", key)
    place = locality(data["locality"]).id if data.get("locality") else None
    record = make.organisation(data["name"], data["country"], kind=OrganisationKind(data["kind"]), locality_id=place)
    return _stamped(record, key, data, summary=data.get("summary", ""))


def centre(key: str) -> Centre:
    if found := _existing(Centre, key):
        return found
    data = entry("centres", key)
    record = make.centre(
        data["name"], in_council=council(data["council"]),
        services=[make.service(k) for k in data["services"]], audiences=[make.audience(k) for k in data["audiences"]],
    )
    return _stamped(record, key, data, summary=data["summary"], locality_id=locality(data["locality"]).id,
                    opening_hours=data.get("opening_hours", ""))


def initiative(key: str) -> Initiative:
    if found := _existing(Initiative, key):
        return found
    data = entry("initiatives", key)
    record = make.initiative(
        data["title"], in_council=council(data["council"]), lead=organisation(data["lead"]),
        status=InitiativeStatus(data["status"]), theme_key=make.theme(data["theme"]).key,
        audiences=[make.audience(k) for k in data["audiences"]],
        partners=[organisation(k) for k in data["partners"]],
        venue_centre_id=centre(data["venue"]).id if data.get("venue") else None,
    )
    return _stamped(record, key, data, summary=data["summary"], description=data["description"])


BUILDERS = {"council": council, "centre": centre, "organisation": organisation, "initiative": initiative}


def record(kind: str, key: str):
    """The record of this kind and key, as its seed entry describes it."""
    return BUILDERS[kind](key)
