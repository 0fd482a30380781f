"""localities: a place's name in the interface's other languages

Revision ID: 0034_place_names
Revises: 0033_digits_folded
Create Date: 2026-12-07

A place was named in English, or in its own language for readers of its country's language: an Arabic reader read
"Istanbul" and a French one "Marrakesh". `names` holds its name per language where that differs from the English
one (`{"ar": "إسطنبول"}`); the seeds fill it, and a place without any keeps being named as before.
"""
import sqlalchemy as sa
from alembic import op

revision = "0034_place_names"
down_revision = "0033_digits_folded"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("localities", sa.Column("names", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    op.drop_column("localities", "names")  # SQLite drops a column in place
