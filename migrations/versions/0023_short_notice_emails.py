"""users: whether a coordinator wants to hear of places given up at short notice

Revision ID: 0023_short_notice_emails
Revises: 0022_message_attachments
Create Date: 2026-12-06

A coordinator is e-mailed when a volunteer gives up a place soon before a shift they run and no one waiting
could take it. Someone who runs many programmes, or follows the rosters themselves, may turn these e-mails off on
their profile; everyone starts with them on.
"""
import sqlalchemy as sa
from alembic import op

revision = "0023_short_notice_emails"
down_revision = "0022_message_attachments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("short_notice_emails", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    op.drop_column("users", "short_notice_emails")  # SQLite drops a column in place
