"""certificates: how many of the hours certified were given outside the shifts

Revision ID: 0041_certificate_logged_hours
Revises: 0040_emergency_contact
Create Date: 2026-12-07

A certificate counts verified hours logged outside the shifts (volunteering.logged_hours) as well as the rosters'.
It keeps how many of its hours those were, as it keeps everything it printed, so that its sentence ("over 3 shifts,
and 2 hours outside them") reads the same later. Certificates issued before hold none.
"""
import sqlalchemy as sa
from alembic import op

import planner.types

revision = "0041_certificate_logged_hours"
down_revision = "0040_emergency_contact"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("certificates", sa.Column("logged_hours", planner.types.ScaledDecimal(precision=8, scale=2),
                                            nullable=False, server_default=sa.text("0")))


def downgrade() -> None:
    op.drop_column("certificates", "logged_hours")  # SQLite drops a column in place
