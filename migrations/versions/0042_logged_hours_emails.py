"""users and logged_hours: coordinators are e-mailed when a volunteer logs hours for a programme they run

Revision ID: 0042_logged_hours_emails
Revises: 0041_certificate_logged_hours
Create Date: 2026-12-07

Hours logged outside the shifts wait for one of the programme's coordinators, who saw them only on My planner. The
coordinators are now e-mailed when a log arrives, at most once a day for each programme: a log keeps whether its
arrival was the one they were told of. Whoever runs many programmes may turn these e-mails off on their profile;
everyone starts with them on, and logs already waiting count as not told.
"""
import sqlalchemy as sa
from alembic import op

revision = "0042_logged_hours_emails"
down_revision = "0041_certificate_logged_hours"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("logged_hours_emails", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column("logged_hours", sa.Column("coordinators_told", sa.Boolean(), nullable=False,
                                            server_default=sa.false()))


def downgrade() -> None:  # SQLite drops a column in place
    op.drop_column("logged_hours", "coordinators_told")
    op.drop_column("users", "logged_hours_emails")
