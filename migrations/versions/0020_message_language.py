"""notifications: the language each message is written in

Revision ID: 0020_message_language
Revises: 0019_programme_ended_reason
Create Date: 2026-12-04

The worker sends each message with its language named (Content-Language) and, beside the plain text, an HTML
part laid out in that language's direction, so that an Arabic message reads right to left in every mail client.
Messages already in the outbox take their recipient's language, the one they were worded in; the rest English.
"""
import sqlalchemy as sa
from alembic import op

revision = "0020_message_language"
down_revision = "0019_programme_ended_reason"
branch_labels = None
depends_on = None

LANGUAGES = ("en", "ar", "fr", "tr")


def upgrade() -> None:
    op.add_column("notifications", sa.Column("language", sa.String(8), nullable=False, server_default=sa.text("'en'")))
    op.execute(sa.text(
        "UPDATE notifications SET language = (SELECT locale FROM users WHERE users.id = notifications.user_id) "
        "WHERE user_id IN (SELECT id FROM users WHERE locale IN :languages)"
    ).bindparams(sa.bindparam("languages", value=list(LANGUAGES), expanding=True)))


def downgrade() -> None:
    op.drop_column("notifications", "language")  # SQLite drops a column in place
