"""programme_requirements gain their languages: what a programme asks, named in each language its volunteers read

Revision ID: 0044_requirement_languages
Revises: 0043_programme_requirements
Create Date: 2026-12-07

A requirement's name was shown in the words its coordinator typed, whatever the reader's language. It now has the
columns every written record has (planner.translated): the language its name is written in, and its other
languages. A name already written in Arabic letters is taken to be Arabic; any other, English, as before.
"""
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0044_requirement_languages"
down_revision = "0043_programme_requirements"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("programme_requirements", sa.Column("original_language", sa.String(8), nullable=False,
                                                      server_default=sa.text("'en'")))
    op.add_column("programme_requirements", sa.Column("translations", sa.JSON(), nullable=False,
                                                      server_default=sa.text("'{}'")))
    connection = op.get_bind()
    rows = sa.table("programme_requirements", sa.column("id", sa.Integer), sa.column("name", sa.String),
                    sa.column("original_language", sa.String))
    for record_id, name in connection.execute(sa.select(rows.c.id, rows.c.name)).all():
        if _in_arabic_letters(name):
            connection.execute(rows.update().where(rows.c.id == record_id).values(original_language="ar"))


def _in_arabic_letters(name: str) -> bool:
    return any(unicodedata.name(letter, "").startswith("ARABIC") for letter in name or "")


def downgrade() -> None:
    op.drop_column("programme_requirements", "translations")
    op.drop_column("programme_requirements", "original_language")
