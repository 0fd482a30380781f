"""shifts and series: what volunteers should know before they come

Revision ID: 0025_shift_instructions
Revises: 0024_short_notice_hours
Create Date: 2026-12-06

A coordinator's word to the volunteers of a shift (what to bring or wear, where to meet, whom to ask for), shown on
the shift's page and sent with its confirmation, reminders and calendar event. A series keeps it for the shifts it
makes. Written in several languages like the shift's title and place (in `translations`); empty until given.
"""
import sqlalchemy as sa
from alembic import op

revision = "0025_shift_instructions"
down_revision = "0024_short_notice_hours"
branch_labels = None
depends_on = None

TABLES = ("shifts", "shift_series")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("instructions", sa.String(1000), nullable=False, server_default=sa.text("''")))


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "instructions")  # SQLite drops a column in place
