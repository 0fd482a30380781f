"""Applying a form's values to a record, saying what changed (for the audit log), and which version a form showed."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from blinker import Namespace
from sqlalchemy import inspect, select
from sqlalchemy.orm import MANYTOONE

from planner.db import session


def apply_changes(record: Any, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set each value on the record; returns (before, after) holding only the fields that changed."""
    before, after = {}, {}
    for name, value in values.items():
        old = getattr(record, name)
        if old != value:
            before[name], after[name] = old, value
            setattr(record, name, value)
    _forget_stale_relations(record, set(after))
    return before, after


def _forget_stale_relations(record: Any, changed: set[str]) -> None:
    """A changed foreign key (say `locality_id`) leaves its loaded relation (`locality`) stale; reload it."""
    mapper = inspect(type(record))
    columns = {mapper.columns[name] for name in changed if name in mapper.columns}
    stale = [rel.key for rel in mapper.relationships if rel.direction is MANYTOONE and rel.local_columns & columns]
    if stale:
        session.expire(record, stale)


@dataclass(frozen=True)
class LastSave:
    """Who saved a record through its form, and when."""

    user_id: int
    name: str
    at: datetime


# Sent (with the record, and since=a moment) when a save is held back; a feature that keeps who saved what (the
# audit log) returns the LastSave of the newest save of the record after that moment, or None.
last_save_asked = Namespace().signal("last-save-asked")


def last_save_since(record: Any, since: datetime) -> LastSave | None:
    """The newest save of the record after that moment that any feature knows of."""
    return next((found for _receiver, found in last_save_asked.send(record, since=since) if found), None)


def version_of(shown: Any) -> str:
    """A short digest of what a form shows of a record (given as plain values): another save of any of them
    changes it, while a change the form does not show (a shift's count of places taken) leaves it alone."""
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:24]


MARK_LENGTH = 4  # hex digits: enough to tell which of a form's fields changed, short enough to carry them all


def marks_of(shown: Any) -> str:
    """A short digest of each value a form shows, in the order of their names, when it shows them by name: what
    later tells which of them were saved again meanwhile. Empty when the form shows something else."""
    if not isinstance(shown, dict):
        return ""
    return "".join(mark(shown[name]) for name in sorted(shown))


def marks_by_name(marks: str, shown: Any) -> dict[str, str]:
    """The marks carried, by the name of the value each stands for (none if they do not fit the values shown)."""
    if not isinstance(shown, dict) or len(marks) != MARK_LENGTH * len(shown):
        return {}
    carried = [marks[start:start + MARK_LENGTH] for start in range(0, len(marks), MARK_LENGTH)]
    return dict(zip(sorted(shown), carried, strict=True))


def changed_names(marks: str, now: Any) -> list[str]:
    """The names of the values shown now whose mark differs from the one carried (none if the marks do not fit)."""
    return [name for name, carried in marks_by_name(marks, now).items() if carried != mark(now[name])]


def mark(value: Any) -> str:
    """The short digest of one value."""
    return hashlib.sha256(repr(value).encode()).hexdigest()[:MARK_LENGTH]


def hold_latest(record: Any) -> bool:
    """Lock the record's row until this transaction ends, so that another save of it already under way finishes
    first, then forget all this request has read, so that what it reads next is what is stored now (on SQLite a
    writing request holds the whole database from its first statement). False when the record is gone.

    What this request has changed but not yet written (a login's last use) is neither written nor forgotten here."""
    mapper = inspect(type(record))
    keys = zip(mapper.primary_key, inspect(record).identity, strict=True)
    with session.no_autoflush:
        found = session.execute(select(*mapper.primary_key).where(*(column == key for column, key in keys))
                                .with_for_update()).first()
    changed = session.dirty
    for read in [instance for instance in session.identity_map.values() if instance not in changed]:
        session.expire(read)
    return found is not None


def stored_values(record: Any, names: Iterable[str]) -> dict[str, Any]:
    """The record's stored values of those of these names that are its columns, and the keys of every list of other
    records it is linked to by a table of links (its audiences, services, partners, skills)."""
    mapper = inspect(type(record))
    columns = mapper.columns.keys()
    values = {name: getattr(record, name) for name in names if name in columns}
    linked = [link.key for link in mapper.relationships if link.secondary is not None]
    return values | {key: keys_of(getattr(record, key)) for key in linked}


def keys_of(records) -> list[str]:
    """The ids (or vocabulary keys) of related records, sorted, as the audit log keeps them."""
    return sorted(str(getattr(r, "id", None) or getattr(r, "key", None) or r.code) for r in records)
