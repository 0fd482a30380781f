"""notifications: the file a message carries, made when it is sent

Revision ID: 0022_message_attachments
Revises: 0021_certificate_issue_day
Create Date: 2026-12-05

The e-mails that give a volunteer a place on a shift (or move it) carry the shift as a calendar event, which
mail clients offer to add in one tap. The row names the record ("shift-calendar:42"); the worker makes the
file as it sends, so a message carries the shift as it stands then. Messages already written carry none.
"""
import sqlalchemy as sa
from alembic import op

revision = "0022_message_attachments"
down_revision = "0021_certificate_issue_day"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("notifications", sa.Column("attachment", sa.String(100), nullable=False,
                                             server_default=sa.text("''")))


def downgrade() -> None:
    op.drop_column("notifications", "attachment")  # SQLite drops a column in place
