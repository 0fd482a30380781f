"""Command-line tasks: `flask --app planner <command>`."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Attach each feature's commands to the app."""
    from planner.directory.commands import reindex_command
    from planner.notifications.commands import send_notifications_command

    app.cli.add_command(reindex_command)
    app.cli.add_command(send_notifications_command)
