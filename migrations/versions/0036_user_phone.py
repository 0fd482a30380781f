"""users: a telephone number, for the coordinators of the shifts one has a place on

Revision ID: 0036_user_phone
Revises: 0035_programme_news_every
Create Date: 2026-12-07

A coordinator could only e-mail a volunteer who was late or whose shift moved at the last minute. A volunteer may now
give a number on their profile (kept as E.164 by planner.phones), which the rosters of their shifts show.
"""
import sqlalchemy as sa
from alembic import op

revision = "0036_user_phone"
down_revision = "0035_programme_news_every"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.String(length=16), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "phone")  # SQLite drops a column in place
