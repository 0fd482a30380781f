"""full-text search over search_entries

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21

PostgreSQL: a generated tsvector column (English stemming, the title weighted above the body)
with a GIN index. SQLite: an external-content FTS5 table kept in step by triggers.
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UPGRADE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, content='search_entries', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER search_entries_after_insert AFTER INSERT ON search_entries BEGIN
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER search_entries_after_delete AFTER DELETE ON search_entries BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER search_entries_after_update AFTER UPDATE ON search_entries BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]

SQLITE_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS search_entries_after_update",
    "DROP TRIGGER IF EXISTS search_entries_after_delete",
    "DROP TRIGGER IF EXISTS search_entries_after_insert",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRESQL_UPGRADE = [
    """ALTER TABLE search_entries ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(body, '')), 'B')) STORED""",
    "CREATE INDEX ix_search_entries_document ON search_entries USING gin (document)",
]

POSTGRESQL_DOWNGRADE = [
    "DROP INDEX IF EXISTS ix_search_entries_document",
    "ALTER TABLE search_entries DROP COLUMN IF EXISTS document",
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _run(POSTGRESQL_UPGRADE)
    else:
        _run(SQLITE_UPGRADE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _run(POSTGRESQL_DOWNGRADE)
    else:
        _run(SQLITE_DOWNGRADE)
