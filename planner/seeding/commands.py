"""`flask --app planner seed`: check the seed files and load them all or nothing."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from planner.db import session
from planner.seeding.demo import DEMO_PASSWORD, ensure_demo_accounts
from planner.seeding.loader import load_seeds
from planner.seeding.problems import SeedError

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "seeds"


@click.command("seed")
@click.option("--path", "folder", type=click.Path(exists=True, file_okay=False, path_type=Path), default=DEFAULT_FOLDER,
              show_default="seeds/", help="The folder holding the seed YAML files.")
@click.option("--demo-accounts", is_flag=True, help="Also create one demo account per role (never in production).")
@with_appcontext
def seed_command(folder: Path, demo_accounts: bool) -> None:
    """Validate the seed files, then create or update their records in one transaction."""
    if demo_accounts and current_app.config.get("ENV_NAME") == "production":
        click.echo("Demo accounts share a published password and are refused in production.", err=True)
        raise SystemExit(1)
    try:
        counts = load_seeds(folder)
        demo_emails = ensure_demo_accounts() if demo_accounts else []
        session.commit()
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
    if demo_emails:
        click.echo(f"Demo accounts (password {DEMO_PASSWORD!r}): {', '.join(demo_emails)}")
