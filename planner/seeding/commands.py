"""`flask --app planner seed`: check the seed files and load them all or nothing."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from planner.db import session
from planner.pipeline import commit
from planner.seeding.loader import load_seeds
from planner.seeding.problems import SeedError

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "seeds"


@click.command("seed")
@click.option("--path", "folder", type=click.Path(exists=True, file_okay=False, path_type=Path), default=DEFAULT_FOLDER,
              show_default="seeds/", help="The folder holding the seed YAML files.")
@click.option("--update", is_flag=True,
              help="Also bring records loaded before in line with the files (their dates stay as first loaded).")
@with_appcontext
def seed_command(folder: Path, update: bool) -> None:
    """Validate the seed files, then create the records that are missing, all in one transaction.

    Records loaded before are left as they are (a person may have edited them) unless --update is given;
    weekly demo shifts are topped up to six weeks ahead.
    """
    try:
        counts = load_seeds(folder, update=update)
        commit()
    except SeedError as error:
        session.rollback()
        click.echo(f"Nothing was loaded: the seed files have {len(error.problems)} problem(s).", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(1) from None
    except SQLAlchemyError as error:
        session.rollback()
        reason = getattr(error, "orig", None) or error
        click.echo(f"Nothing was loaded: the database refused the seed data ({reason}).", err=True)
        raise SystemExit(1) from None
    click.echo(f"Seed data loaded from {folder}:")
    for kind, count in counts.items():
        click.echo(f"  {kind.replace('_', ' ')}: {count}")
