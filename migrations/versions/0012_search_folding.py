"""search: the engine matches folded copies of each record's text (planner.folding); places' other names

Revision ID: 0012_search_folding
Revises: 0011_certificates
Create Date: 2026-12-02

Adds title_search and body_search to search_entries, fills them for the rows already there, and
points the engines at them: SQLite's FTS5 table is rebuilt over the new columns, and PostgreSQL's
generated tsvector is made from them. Downgrading points the engines back at title and body.
Localities gain their other names (Marrakech, مراكش), which their records are indexed with.
"""
import sqlalchemy as sa
from alembic import op

from planner.folding import for_index

revision = "0012_search_folding"
down_revision = "0011_certificates"
branch_labels = None
depends_on = None


def _sqlite_index(title: str, body: str) -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS search_entries_after_update",
        "DROP TRIGGER IF EXISTS search_entries_after_delete",
        "DROP TRIGGER IF EXISTS search_entries_after_insert",
        "DROP TABLE IF EXISTS search_fts",
        f"""CREATE VIRTUAL TABLE search_fts USING fts5(
            {title}, {body}, content='search_entries', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2')""",
        f"""CREATE TRIGGER search_entries_after_insert AFTER INSERT ON search_entries BEGIN
            INSERT INTO search_fts(rowid, {title}, {body}) VALUES (new.id, new.{title}, new.{body});
        END""",
        f"""CREATE TRIGGER search_entries_after_delete AFTER DELETE ON search_entries BEGIN
            INSERT INTO search_fts(search_fts, rowid, {title}, {body}) VALUES ('delete', old.id, old.{title}, old.{body});
        END""",
        f"""CREATE TRIGGER search_entries_after_update AFTER UPDATE ON search_entries BEGIN
            INSERT INTO search_fts(search_fts, rowid, {title}, {body}) VALUES ('delete', old.id, old.{title}, old.{body});
            INSERT INTO search_fts(rowid, {title}, {body}) VALUES (new.id, new.{title}, new.{body});
        END""",
        "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    ]


def _postgresql_index(title: str, body: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS ix_search_entries_document",
        "ALTER TABLE search_entries DROP COLUMN IF EXISTS document",
        f"""ALTER TABLE search_entries ADD COLUMN document tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english', coalesce({title}, '')), 'A')
            || setweight(to_tsvector('english', coalesce({body}, '')), 'B')) STORED""",
        "CREATE INDEX ix_search_entries_document ON search_entries USING gin (document)",
    ]


def _point_engines_at(title: str, body: str) -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in (_postgresql_index if postgresql else _sqlite_index)(title, body):
        op.execute(statement)


def upgrade() -> None:
    op.add_column("localities", sa.Column("other_names", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    op.add_column("search_entries", sa.Column("title_search", sa.Text(), nullable=False, server_default=""))
    op.add_column("search_entries", sa.Column("body_search", sa.Text(), nullable=False, server_default=""))
    connection = op.get_bind()
    entries = sa.table("search_entries", sa.column("id"), sa.column("title"), sa.column("body"),
                       sa.column("title_search"), sa.column("body_search"))
    for ident, title, body in connection.execute(sa.select(entries.c.id, entries.c.title, entries.c.body)).all():
        connection.execute(entries.update().where(entries.c.id == ident).values(
            title_search=for_index(title or ""), body_search=for_index(body or "")))
    _point_engines_at("title_search", "body_search")


def downgrade() -> None:
    _point_engines_at("title", "body")
    op.drop_column("search_entries", "body_search")  # SQLite drops a column in place
    op.drop_column("search_entries", "title_search")
    op.drop_column("localities", "other_names")
