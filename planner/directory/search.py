"""Full-text matching in the database: FTS5 on SQLite, tsvector with GIN indexes on PostgreSQL.

A search that ranks never scores, sorts or counts more than a bound (SEARCH_BOUND, 1,000) of
matches of one kind, however common its words are. The engine hands over the matches of one kind
in index order, those whose title holds every word first, then the rest, and stops one past the
bound: only these candidates are scored. Past the bound a page says "more than 1,000", as the
lists say "more than 10,000".

Each word also matches as a prefix ("Marra" finds Marrakesh), served by the index on both
engines: PostgreSQL keeps one GIN index per kind (migration 0017), which answers `word:*` from
its sorted entries, and SQLite's FTS5 table keeps prefix indexes of two to four letters.
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import (Float, Integer, Select, Subquery, bindparam, func, literal, literal_column, select, text,
                        union_all)

from planner.db import session
from planner.directory.models import SearchEntry
from planner.folding import query_words

MAX_TERMS = 8


def bound() -> int:
    """The most matches of one kind a ranked search scores and counts."""
    return current_app.config["SEARCH_BOUND"]


def terms_of(query: str) -> list[str]:
    """The folded words of a search box's text (planner.folding), without punctuation or operators."""
    return query_words(query or "", MAX_TERMS)


def candidates(terms: list[str], kind: str, base: Select, name: str = "candidates") -> Subquery:
    """At most bound() + 1 rows of `base` (a select from SearchEntry) of one kind matching every word, scored.

    Lower scores are better. Rows whose title holds every word come first, so that they are among
    the candidates however many rows mention the words further down.
    """
    of_kind = base.where(SearchEntry.kind == literal(kind, literal_execute=True))  # a literal: the kind's index
    most = bound() + 1
    tiers = union_all(*(select(tier.limit(most).subquery()) for tier in _tiers(terms, of_kind))).subquery()
    return select(tiers).limit(most).subquery(name)


def matching_record_ids(query: str, kind: str) -> Select | None:
    """A select of the ids of every record of one kind whose index row matches (unranked, unbounded)."""
    terms = terms_of(query)
    if not terms:
        return None
    if _postgresql():
        match = _document().op("@@")(func.to_tsquery("english", _tsquery(terms)))
        return select(SearchEntry.record_id).where(SearchEntry.kind == literal(kind, literal_execute=True), match)
    fts = _fts_rows(_fts_expression(terms), "every_match")
    return select(SearchEntry.record_id).join(fts, fts.c.entry_id == SearchEntry.id).where(SearchEntry.kind == kind)


def _postgresql() -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _tiers(terms: list[str], base: Select) -> tuple[Select, Select]:
    """(title holds every word, the other matches), each scored."""
    if _postgresql():
        document = _document()
        every, in_title = (func.to_tsquery("english", _tsquery(terms, weight)) for weight in ("", "A"))
        scored = base.add_columns((-func.ts_rank(document, every)).label("score"))
        return (scored.where(document.op("@@")(in_title)),
                scored.where(document.op("@@")(every), ~document.op("@@")(in_title)))
    every = _fts_expression(terms)
    in_title = f"title_search : ({every})"
    return (_scored_by_fts(base, in_title, "in_title"), _scored_by_fts(base, f"({every}) NOT {in_title}", "elsewhere"))


def _document():
    return literal_column("search_entries.document")


def _tsquery(terms: list[str], weight: str = "") -> str:
    return " & ".join(f"{term}:*{weight}" for term in terms)


def _fts_expression(terms: list[str]) -> str:
    return " AND ".join(f'("{term}" OR "{term}"*)' for term in terms)


def _fts_rows(expression: str, name: str) -> Subquery:
    return (
        text("SELECT rowid AS entry_id, bm25(search_fts, 5.0, 1.0) AS score FROM search_fts WHERE search_fts MATCH :q")
        .bindparams(bindparam("q", expression, unique=True))
        .columns(entry_id=Integer, score=Float)
        .subquery(name)
    )


def _scored_by_fts(base: Select, expression: str, name: str) -> Select:
    fts = _fts_rows(expression, name)
    return base.add_columns(fts.c.score).join(fts, fts.c.entry_id == SearchEntry.id)
