"""accounts: the digits each reader wants numbers, money, dates and times written with

Revision ID: 0015_digits_choice
Revises: 0014_record_languages
Create Date: 2026-12-02

"" (the default) follows the interface language; "latn" is Western digits, "arab" Arabic-Indic ones.
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_digits_choice"
down_revision = "0014_record_languages"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("digits", sa.String(8), nullable=False, server_default=sa.text("''")))


def downgrade() -> None:
    op.drop_column("users", "digits")  # SQLite drops a column in place
