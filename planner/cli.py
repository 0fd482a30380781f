"""Command-line tasks: `flask --app planner <command>`."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Attach each feature's commands to the app."""
    from planner.accounts.commands import create_admin_command, demo_accounts_command, demo_code_command
    from planner.directory.commands import reindex_command
    from planner.migrate import upgrade_command
    from planner.seeding.commands import seed_command
    from planner.notifications.commands import send_notifications_command

    app.cli.add_command(upgrade_command)
    app.cli.add_command(seed_command)
    app.cli.add_command(reindex_command)
    app.cli.add_command(create_admin_command)
    app.cli.add_command(demo_accounts_command)
    app.cli.add_command(demo_code_command)
    app.cli.add_command(send_notifications_command)
