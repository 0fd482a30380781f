"""notifications: the language each message is written in, and the address that stops messages of its kind

Revision ID: 0020_how_messages_go_out
Revises: 0019_programme_ended_reason
Create Date: 2026-12-04

The worker sends each message with its language named (Content-Language) and, beside the plain text, an HTML
part laid out in that language's direction, so that an Arabic message reads right to left in every mail client.
Messages already in the outbox take their recipient's language, the one they were worded in; the rest English.
A message one may stop receiving (a shift reminder) names the address that stops them (List-Unsubscribe,
with RFC 8058's one-click POST), so mail clients offer it beside the sender.
"""
import sqlalchemy as sa
from alembic import op

revision = "0020_how_messages_go_out"
down_revision = "0019_programme_ended_reason"
branch_labels = None
depends_on = None

LANGUAGES = ("en", "ar", "fr", "tr")


def upgrade() -> None:
    op.add_column("notifications", sa.Column("language", sa.String(8), nullable=False, server_default=sa.text("'en'")))
    op.add_column("notifications", sa.Column("opt_out_url", sa.String(500), nullable=False,
                                             server_default=sa.text("''")))
    op.execute(sa.text(
        "UPDATE notifications SET language = (SELECT locale FROM users WHERE users.id = notifications.user_id) "
        "WHERE user_id IN (SELECT id FROM users WHERE locale IN :languages)"
    ).bindparams(sa.bindparam("languages", value=list(LANGUAGES), expanding=True)))


def downgrade() -> None:
    op.drop_column("notifications", "opt_out_url")  # SQLite drops a column in place
    op.drop_column("notifications", "language")
