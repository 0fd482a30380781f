"""Running the Alembic migrations from the app or from tests."""
from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from flask import current_app
from flask.cli import with_appcontext

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

# Database objects the models cannot describe portably; the migrations own them.
MIGRATION_ONLY_TABLES = ("search_fts",)
MIGRATION_ONLY_COLUMNS = {("search_entries", "document")}
MIGRATION_ONLY_INDEXES = ("ix_search_entries_document",)  # and one per kind: ix_search_entries_document_<kind>


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Leave the full-text machinery out of autogenerate's comparison."""
    if type_ == "table" and name.startswith(MIGRATION_ONLY_TABLES):
        return False
    if type_ == "column" and (obj.table.name, name) in MIGRATION_ONLY_COLUMNS:
        return False
    if type_ == "index" and name.startswith(MIGRATION_ONLY_INDEXES):
        return False
    return True


def alembic_config(url: str | None = None, connection=None) -> Config:
    """An Alembic configuration for this project's migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at url up to a revision."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    """Take the database at url down to a revision."""
    command.downgrade(alembic_config(url), revision)


@click.command("db-upgrade")
@with_appcontext
def upgrade_command() -> None:
    """Apply every migration to the configured database."""
    url = current_app.config["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    upgrade(url)
    click.echo("Database is up to date.")
