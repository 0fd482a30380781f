"""`flask --app planner reindex`: rebuild the search index from the records."""
import click

from planner.db import session
from planner.directory.indexing import reindex_all
from planner.pipeline import commit


@click.command("reindex")
def reindex_command() -> None:
    """Rebuild the full-text search index."""
    count = reindex_all(session())
    commit()
    click.echo(f"Indexed {count} records.")
