"""signups: the note a volunteer leaves the coordinator as they sign up

Revision ID: 0037_signup_note
Revises: 0036_user_phone
Create Date: 2026-12-07

A volunteer who would come late, or needed step-free access, had no way to say so with their sign-up. `note` keeps a
line of it (300 characters), shown on the roster and in its CSV; closing the account erases it.
"""
import sqlalchemy as sa
from alembic import op

revision = "0037_signup_note"
down_revision = "0036_user_phone"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("signups", sa.Column("note", sa.String(length=300), nullable=False, server_default=sa.text("''")))


def downgrade() -> None:
    op.drop_column("signups", "note")  # SQLite drops a column in place
