"""Search across every kind of record: the full-text index, its facets, counts per kind, one page, from one match."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select, union_all

from planner.db import session
from planner.directory.filters import ListQuery
from planner.directory.kinds import KINDS
from planner.directory.models import SearchEntry
from planner.directory.paging import BoundedPage, page_of_list
from planner.directory.search import bound, candidates, terms_of
from planner.places.models import Locality

SEARCH_FILTERS = ("kind", "country", "locality", "theme")


@dataclass
class SearchResults:
    """One page of matching index rows (each with its place's name) and the number found per kind.

    A kind's count is exact up to the search's bound; a kind in `capped` has more matches than that.
    """

    page: BoundedPage
    counts: dict[str, int]
    capped: frozenset[str] = frozenset()
    records: dict[tuple[str, int], object] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Matches of every kind (a lower bound when any kind is capped)."""
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


def _every_kinds_candidates(query: ListQuery) -> list:
    """(entry id, kind, score) of each kind's candidates: the one statement that matches the words."""
    base = select(SearchEntry.id.label("entry_id"), SearchEntry.kind.label("kind")).where(*_facets(query))
    terms = terms_of(query.q)
    per_kind = [select(candidates(terms, kind, base, f"found_{kind}")) for kind in KINDS]
    return session.execute(union_all(*per_kind)).all()


def search_directory(query: ListQuery) -> SearchResults:
    """The public records matching the query's words and filters, best first (the query must have words).

    The counts per kind, offered beside the page, come from the same candidates as the page.
    """
    found = _every_kinds_candidates(query)
    per_kind, most = Counter(row.kind for row in found), bound()
    counts = {kind: min(number, most) for kind, number in per_kind.items()}
    capped = frozenset(kind for kind, number in per_kind.items() if number > most)
    kind = query.filters.get("kind")
    ranked = sorted((row for row in found if kind in (None, row.kind)), key=lambda row: (row.score, row.entry_id))
    page = page_of_list(ranked, query.page, query.args(), limit=most)
    page.items = _entries_with_places([row.entry_id for row in page.items])
    return SearchResults(page, counts, capped, _records_of(entry for entry, _place in page.items))


def _entries_with_places(entry_ids: list[int]) -> list:
    """The index rows of a page, in the page's order, each with its place's name."""
    rows = session.execute(
        select(SearchEntry, Locality.name.label("place"))
        .outerjoin(Locality, Locality.id == SearchEntry.locality_id)
        .where(SearchEntry.id.in_(entry_ids))
    ).all()
    by_id = {entry.id: (entry, place) for entry, place in rows}
    return [by_id[entry_id] for entry_id in entry_ids if entry_id in by_id]


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
