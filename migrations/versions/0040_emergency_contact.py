"""users: someone to call in an emergency, for the coordinators of the shifts one has a place on

Revision ID: 0040_emergency_contact
Revises: 0039_logged_hours
Create Date: 2026-12-07

A volunteer who fell ill or was hurt on a shift left the coordinator with no one to call. A volunteer may now give a
name and a number on their profile (the number kept as E.164 by planner.phones), which the rosters of their shifts
show beside their own; closing the account erases both.
"""
import sqlalchemy as sa
from alembic import op

revision = "0040_emergency_contact"
down_revision = "0039_logged_hours"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("emergency_name", sa.String(length=200), nullable=False,
                                     server_default=sa.text("''")))
    op.add_column("users", sa.Column("emergency_phone", sa.String(length=16), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "emergency_phone")  # SQLite drops a column in place
    op.drop_column("users", "emergency_name")
