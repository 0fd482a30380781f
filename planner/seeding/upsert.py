"""Create records by their natural key; bring existing ones in line with the files only when asked to.

By default a load creates what is missing and leaves every existing record as it is, so a second
load changes nothing and a record a person has edited keeps their edit. Inside
`updating_existing_records()` (`flask seed --update`) existing records also take the files' values;
even then dates stay as they were first loaded. A field set to the value it already has would
still mark the record dirty (and touch its updated_at and search entry), so every write compares first. A
record's texts come with all their languages: a changed text keeps the languages the files give beside it,
rather than having them set aside as written for its earlier text (planner.translated).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

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


def written(seed) -> dict:
    """The language columns of a seeded record: the language it is written in, and its other languages."""
    return {"original_language": seed.language,
            "translations": {language: dict(fields) for language, fields in seed.translations.items()}}


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


_updating_existing = ContextVar("seeds_update_existing_records", default=False)


@contextmanager
def updating_existing_records() -> Iterator[None]:
    """Within this block, records that already exist are brought in line with the files too."""
    token = _updating_existing.set(True)
    try:
        yield
    finally:
        _updating_existing.reset(token)


def upsert(model, found, values: dict, on_create: dict | None = None, fixed: dict | None = None) -> Change:
    """Create the record from values and fixed, or (when updating) set on the found one the values that differ.

    `fixed` holds what is set at creation only, such as dates resolved against the load day;
    `on_create` the related objects a new record needs (not part of the audit trail).
    """
    if found is None:
        record = model(**values, **(fixed or {}), **(on_create or {}))
        session.add(record)
        return Change(record, created=True, after={**values, **(fixed or {})})
    change = Change(found)
    if not _updating_existing.get():
        return change
    for name, value in values.items():
        current = getattr(found, name)
        if current != value:
            change.before[name], change.after[name] = current, value
            setattr(found, name, value)
    if change.after and "translations" in values:
        flag_modified(found, "translations")  # the files give every language with the change: none is outdated
    return change


def may_write(change: Change) -> bool:
    """Whether this load may set the record's related rows: it is new, or existing records are being updated."""
    return change.created or _updating_existing.get()


def sync_collection(change: Change, name: str, wanted: Iterable) -> None:
    """Make a many-to-many collection hold exactly these records, touching it only if it differs."""
    if not may_write(change):
        return
    wanted = list(wanted)
    if set(getattr(change.record, name)) != set(wanted):
        setattr(change.record, name, wanted)
