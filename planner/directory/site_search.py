"""Search across every kind of record: the full-text index, its facets, counts per kind, one page."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from planner.db import session
from planner.directory.filters import ListQuery
from planner.directory.kinds import KINDS
from planner.directory.models import SearchEntry
from planner.directory.paging import BoundedPage, bounded_paginate
from planner.directory.search import matches
from planner.places.models import Locality

SEARCH_FILTERS = ("kind", "country", "locality", "theme")


@dataclass
class SearchResults:
    """One page of matching index rows (each with its place's name) and the number found per kind."""

    page: BoundedPage
    counts: dict[str, int]
    records: dict[tuple[str, int], object] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Matches of every kind."""
        return sum(self.counts.values())


def _facets(query: ListQuery) -> list:
    conditions = [SearchEntry.is_public.is_(True)]
    if "country" in query.filters:
        conditions.append(SearchEntry.country_code == query.filters["country"])
    if "locality" in query.filters:
        place = select(Locality.id).where(Locality.slug == query.filters["locality"]).scalar_subquery()
        conditions.append(SearchEntry.locality_id == place)
    if "theme" in query.filters:
        conditions.append(SearchEntry.theme_key == query.filters["theme"])
    return conditions


def search_directory(query: ListQuery) -> SearchResults:
    """The public records matching the query's words and filters, best first (the query must have words)."""
    hits = matches(query.q).subquery("hits")
    conditions = _facets(query)
    counts = dict(session.execute(
        select(SearchEntry.kind, func.count(SearchEntry.id))
        .join(hits, hits.c.entry_id == SearchEntry.id)
        .where(*conditions)
        .group_by(SearchEntry.kind)
    ).all())
    if "kind" in query.filters:  # counted above over every kind, so the page can offer the others
        conditions.append(SearchEntry.kind == query.filters["kind"])
    statement = (
        select(SearchEntry, Locality.name.label("place"))
        .join(hits, hits.c.entry_id == SearchEntry.id)
        .outerjoin(Locality, Locality.id == SearchEntry.locality_id)
        .where(*conditions)
        .order_by(hits.c.score, SearchEntry.id)
    )
    kind = query.filters.get("kind")
    total = counts.get(kind, 0) if kind else sum(counts.values())
    page = bounded_paginate(statement, query.page, query.args(), scalars=False, total=total)
    return SearchResults(page, counts, _records_of(entry for entry, _place in page.items))


def _records_of(entries) -> dict[tuple[str, int], object]:
    """The records behind a page of index rows, one query per kind on the page."""
    ids_by_kind: dict[str, list[int]] = defaultdict(list)
    for entry in entries:
        ids_by_kind[entry.kind].append(entry.record_id)
    records = {}
    for kind, ids in ids_by_kind.items():
        model = KINDS[kind].model
        found = session.scalars(select(model).where(model.id.in_(ids)))
        records.update({(kind, record.id): record for record in found})
    return records
