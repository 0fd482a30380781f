"""`flask --app planner reindex`: rebuild the search index from the records."""
import click

from planner.db import session
from planner.directory.indexing import reindex_all


@click.command("reindex")
def reindex_command() -> None:
    """Rebuild the full-text search index."""
    count = reindex_all(session())
    session.commit()
    click.echo(f"Indexed {count} records.")
