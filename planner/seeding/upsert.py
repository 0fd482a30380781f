"""Create or update records by their natural key, writing only what differs, so a second load changes nothing.

A field set to the value it already has would still mark the record dirty (and touch its
updated_at and search entry), so every write here compares first.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from planner.db import session


@dataclass
class Change:
    """What an upsert did to one record: created it, changed some fields, or nothing."""

    record: Any
    created: bool = False
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.created or bool(self.after)


def provenance(seed) -> dict:
    """The provenance columns of a seeded record."""
    return {
        "source_document": seed.source.document,
        "source_section": seed.source.section.strip(),
        "is_illustrative": getattr(seed, "illustrative", False),
    }


def existing(model, column, keys: Iterable, *options) -> dict:
    """The stored records whose natural key is among keys, by that key (one query)."""
    keys = list(keys)
    if not keys:
        return {}
    statement = select(model).where(column.in_(keys)).options(*options)
    return {getattr(record, column.key): record for record in session.scalars(statement).unique()}


def upsert(model, found, values: dict, on_create: dict | None = None) -> Change:
    """Create the record from values, or set on the found one the values that differ."""
    if found is None:
        record = model(**values, **(on_create or {}))
        session.add(record)
        return Change(record, created=True, after=dict(values))
    change = Change(found)
    for name, value in values.items():
        current = getattr(found, name)
        if current != value:
            change.before[name], change.after[name] = current, value
            setattr(found, name, value)
    return change


def sync_collection(record, name: str, wanted: Iterable) -> None:
    """Make a many-to-many collection hold exactly these records, touching it only if it differs."""
    wanted = list(wanted)
    if set(getattr(record, name)) != set(wanted):
        setattr(record, name, wanted)
