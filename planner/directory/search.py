"""Full-text matching in the database: FTS5 on SQLite, tsvector with a GIN index on PostgreSQL."""
from __future__ import annotations

from sqlalchemy import Float, Integer, Select, func, literal_column, select, text

from planner.db import session
from planner.directory.models import SearchEntry
from planner.folding import query_words

MAX_TERMS = 8


def terms_of(query: str) -> list[str]:
    """The folded words of a search box's text (planner.folding), without punctuation or operators."""
    return query_words(query or "", MAX_TERMS)


def matches(query: str) -> Select | None:
    """A select of (entry_id, score) for index rows matching every word; lower score is better.

    Each word also matches as a prefix, so "Marra" finds Marrakesh. None when there is no word.
    """
    terms = terms_of(query)
    if not terms:
        return None
    if session.get_bind().dialect.name == "postgresql":
        return _postgresql_matches(terms)
    return _sqlite_matches(terms)


def _sqlite_matches(terms: list[str]) -> Select:
    expression = " AND ".join(f'("{term}" OR "{term}"*)' for term in terms)
    fts = (
        text("SELECT rowid AS entry_id, bm25(search_fts, 5.0, 1.0) AS score FROM search_fts WHERE search_fts MATCH :q")
        .bindparams(q=expression)
        .columns(entry_id=Integer, score=Float)
        .subquery("fts")
    )
    return select(fts.c.entry_id, fts.c.score)


def _postgresql_matches(terms: list[str], key=None) -> Select:
    query = func.to_tsquery("english", " & ".join(f"{term}:*" for term in terms))
    document = literal_column("search_entries.document")
    key = SearchEntry.id.label("entry_id") if key is None else key
    return select(key, (-func.ts_rank(document, query)).label("score")).where(document.op("@@")(query))


def ranked_records(query: str, kind: str) -> Select | None:
    """A select of (record_id, score) for records of one kind matching the query; lower score is better.

    On PostgreSQL this reads the index table once (the kind and the tsvector in one scan).
    """
    terms = terms_of(query)
    if not terms:
        return None
    if session.get_bind().dialect.name == "postgresql":
        return _postgresql_matches(terms, key=SearchEntry.record_id).where(SearchEntry.kind == kind)
    hits = _sqlite_matches(terms).subquery()
    return select(SearchEntry.record_id, hits.c.score).join(hits, hits.c.entry_id == SearchEntry.id).where(
        SearchEntry.kind == kind
    )


def matching_record_ids(query: str, kind: str) -> Select | None:
    """A select of record ids of one kind whose index row matches the query."""
    found = matches(query)
    if found is None:
        return None
    hits = found.subquery()
    return select(SearchEntry.record_id).join(hits, hits.c.entry_id == SearchEntry.id).where(SearchEntry.kind == kind)
