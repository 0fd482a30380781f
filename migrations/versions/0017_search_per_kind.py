"""search: one full-text index per kind of record on PostgreSQL, prefix indexes on SQLite

Revision ID: 0017_search_per_kind
Revises: 0016_source_documents
Create Date: 2026-12-03

Every search asks for the matches of one kind at a time and stops at a bound
(planner.directory.search). On PostgreSQL a partial GIN index per kind hands over only that
kind's matches, so a word common among initiatives costs a search for councils nothing; the one
index over every kind goes. On SQLite the FTS5 table is rebuilt with prefix indexes of two, three
and four letters, so that a short prefix is read from the index as a whole word is.
"""
from alembic import op

revision = "0017_search_per_kind"
down_revision = "0016_source_documents"
branch_labels = None
depends_on = None

KINDS = ("council", "centre", "organisation", "initiative", "programme", "partnership")
PREFIXES = "2 3 4"


def _sqlite_fts(prefix_option: str) -> list[str]:
    return [
        "DROP TABLE search_fts",
        f"""CREATE VIRTUAL TABLE search_fts USING fts5(
            title_search, body_search, content='search_entries', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'{prefix_option})""",
        "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for kind in KINDS:
            op.execute(f"CREATE INDEX ix_search_entries_document_{kind} ON search_entries "
                       f"USING gin (document) WHERE kind = '{kind}'")
        op.execute("DROP INDEX ix_search_entries_document")
    else:
        for statement in _sqlite_fts(f", prefix='{PREFIXES}'"):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_search_entries_document ON search_entries USING gin (document)")
        for kind in KINDS:
            op.execute(f"DROP INDEX ix_search_entries_document_{kind}")
    else:
        for statement in _sqlite_fts(""):
            op.execute(statement)
