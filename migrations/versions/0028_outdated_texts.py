"""outdated_texts: the languages of each record whose translations were set aside, for the translators' queue

Revision ID: 0028_outdated_texts
Revises: 0027_user_name_folded
Create Date: 2026-12-06

Since 0027 a record whose original text changes keeps its earlier translations aside in its JSON column
(translations["@outdated"]). A queue of what to translate again cannot read every record's JSON, so each
language set aside gets a row here, which the models keep in step; this revision writes the rows of the
records already holding texts set aside.
"""
import sqlalchemy as sa
from alembic import op

import planner.types
from planner.clock import utcnow

revision = "0028_outdated_texts"
down_revision = "0027_user_name_folded"
branch_labels = None
depends_on = None

BATCH = 1000
OUTDATED = "@outdated"
TRANSLATED_TABLES = ("councils", "centres", "organisations", "initiatives", "programmes", "partnerships", "shifts",
                     "shift_series", "budget_requests", "budget_line_items", "budget_decisions")


def upgrade() -> None:
    outdated_texts = op.create_table(
        "outdated_texts",
        sa.Column("record_table", sa.String(40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("since", planner.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("record_table", "record_id", "language", name=op.f("pk_outdated_texts")),
    )
    op.create_index("ix_outdated_texts_since", "outdated_texts", ["since"])
    connection, now = op.get_bind(), utcnow()
    for name in TRANSLATED_TABLES:
        _fill(connection, outdated_texts, name, now)


def _fill(connection, outdated_texts, name: str, now) -> None:
    """One row per language set aside in this table's records, read in batches of the rows that mention it."""
    records = sa.table(name, sa.column("id", sa.Integer), sa.column("translations", sa.JSON))
    mentions = sa.cast(records.c.translations, sa.Text).like(f'%"{OUTDATED}"%')
    last = 0
    while rows := connection.execute(sa.select(records.c.id, records.c.translations)
                                     .where(records.c.id > last, mentions).order_by(records.c.id).limit(BATCH)).all():
        found = [{"record_table": name, "record_id": row.id, "language": language, "since": now}
                 for row in rows for language, texts in ((row.translations or {}).get(OUTDATED) or {}).items()
                 if texts]
        if found:
            connection.execute(outdated_texts.insert(), found)
        last = rows[-1].id


def downgrade() -> None:
    op.drop_index("ix_outdated_texts_since", table_name="outdated_texts")
    op.drop_table("outdated_texts")
