"""programmes: how soon before a shift a place given up is news to its coordinators

Revision ID: 0024_short_notice_hours
Revises: 0023_short_notice_emails
Create Date: 2026-12-06

Until now every programme's coordinators were e-mailed about a place given up 48 hours or less before a shift
(when no one waiting could take it). A food bank with daily shifts may want a day; a training weekend a week; a
programme whose coordinators follow the rosters themselves, never (0). Every programme keeps 48 until changed.
"""
import sqlalchemy as sa
from alembic import op

revision = "0024_short_notice_hours"
down_revision = "0023_short_notice_emails"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("programmes", sa.Column("short_notice_hours", sa.Integer(), nullable=False,
                                          server_default=sa.text("48")))


def downgrade() -> None:
    op.drop_column("programmes", "short_notice_hours")  # SQLite drops a column in place
