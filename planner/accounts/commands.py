"""Account commands: `flask --app planner create-admin`, `demo-accounts` and `demo-code`."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from planner.accounts.demo import current_demo_code, demo_table, ensure_demo_accounts
from planner.accounts.services import AccountError, create_admin, find_user
from planner.db import session
from planner.permissions import is_admin
from planner.pipeline import commit


@click.command("create-admin")
@with_appcontext
@click.option("--email", required=True, help="Email address of the administrator.")
@click.option("--name", default="", help="Full name (needed when the account is new).")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def create_admin_command(email: str, name: str, password_stdin: bool) -> None:
    """Make an administrator: a new account, or an existing account given the role."""
    existing = find_user(email)
    if existing is not None and is_admin(existing):
        raise click.ClickException(f"{existing.email} is already an administrator.")
    password = None
    if existing is None:
        if not name.strip():
            raise click.ClickException("--name is needed to create a new account.")
        password = _read_password(password_stdin)
    try:
        user, created = create_admin(email, name, password)
    except AccountError as error:
        session.rollback()
        raise click.ClickException(error.message) from None
    commit()
    what = "Created the administrator account" if created else "Granted the administrator role to"
    click.echo(f"{what} {user.email}.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.command("demo-accounts")
@with_appcontext
def demo_accounts_command() -> None:
    """Create or reset one demo account per role, with new passwords printed once (development only)."""
    if current_app.config["ENV_NAME"] != "development":
        raise click.ClickException("Demo accounts are only made in development (PLANNER_ENV=development).")
    try:
        accounts = ensure_demo_accounts()
    except AccountError as error:
        session.rollback()
        raise click.ClickException(error.message) from None
    commit()
    click.echo("Demo accounts (these passwords are shown only now):")
    click.echo(demo_table(accounts))


@click.command("demo-code")
@click.argument("email")
@with_appcontext
def demo_code_command(email: str) -> None:
    """Print the current two-step code of a demo account (development only)."""
    if current_app.config["ENV_NAME"] != "development":
        raise click.ClickException("Demo codes are only shown in development (PLANNER_ENV=development).")
    try:
        click.echo(current_demo_code(email))
    except AccountError as error:
        raise click.ClickException(error.message) from None
