"""users: a translator's weekly e-mail of the texts waiting to be translated again

Revision ID: 0029_translation_digest
Revises: 0028_outdated_texts
Create Date: 2026-12-06

The translators' queue lists the records whose texts were set aside when their original changed, but only for
someone who opens My planner. Whoever may translate such texts now gets at most one e-mail a week listing them,
when new ones have waited a day; each account says whether it wants it (on from the start), and when its queue was
last looked at and the last e-mail sent, so that the outbox worker looks at each account at most once a day.
"""
import sqlalchemy as sa
from alembic import op

import planner.types

revision = "0029_translation_digest"
down_revision = "0028_outdated_texts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("translation_digest", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column("users", sa.Column("translation_digest_looked_at", planner.types.UTCDateTime(timezone=True)))
    op.add_column("users", sa.Column("translation_digest_sent_at", planner.types.UTCDateTime(timezone=True)))


def downgrade() -> None:
    for column in ("translation_digest_sent_at", "translation_digest_looked_at", "translation_digest"):
        op.drop_column("users", column)  # SQLite drops a column in place
