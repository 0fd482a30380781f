"""Slugs: readable, unique, never reserved, never all digits (a number in a URL means an id)."""
from __future__ import annotations

from typing import TypeVar

from slugify import slugify
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from planner.db import session

# Paths that sit beside /<list>/<slug> (create forms, queues) and must never be taken by a record.
RESERVED = frozenset({"new", "review", "mine", "edit", "search"})
MAX_ATTEMPTS = 5

R = TypeVar("R")


def slug_base(text: str, fallback: str) -> str:
    """The slug a name would get before any suffix."""
    base = slugify(text or "", max_length=100, word_boundary=True) or fallback
    return f"{fallback}-{base}" if base.isdigit() else base


def unique_slug(model, text: str, fallback: str) -> str:
    """A slug for the model that no record holds yet: the name's slug, else with -2, -3…"""
    base = slug_base(text, fallback)
    taken = set(session.scalars(select(model.slug).where(or_(model.slug == base, model.slug.like(f"{base}-%")))))
    taken |= RESERVED
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def add_with_slug(record: R, text: str, fallback: str) -> R:
    """Add a new record under a fresh slug and flush it; a slug taken meanwhile by another writer
    (the unique index is the real guarantee) is retried with the next free one."""
    model = type(record)
    for attempt in range(MAX_ATTEMPTS):
        record.slug = unique_slug(model, text, fallback)
        try:
            with session.begin_nested():
                session.add(record)
                session.flush()
            return record
        except IntegrityError:
            if attempt == MAX_ATTEMPTS - 1:
                raise
    return record
