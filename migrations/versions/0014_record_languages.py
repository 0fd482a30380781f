"""records in several languages: each record's original language, and its texts in the others

Revision ID: 0014_record_languages
Revises: 0013_vocabulary_names
Create Date: 2026-12-02

Every table of human-written records gains `original_language` (the language its own columns are
written in) and `translations` ({language: {field: text}}; see planner.translated). The one name in
a local language that councils, centres and organisations could hold (`name_local`) becomes their
name in that language, so a record in Morocco can now have its name in Arabic and in French.
"""
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0014_record_languages"
down_revision = "0013_vocabulary_names"
branch_labels = None
depends_on = None

TABLES = ("councils", "centres", "organisations", "initiatives", "partnerships", "programmes", "shift_series",
          "shifts", "budget_requests", "budget_line_items", "budget_decisions")

# The language of a Latin-script local name, by country (other scripts say their language themselves).
LATIN_LANGUAGE = {"TR": "tr", "FR": "fr", "MA": "fr", "DZ": "fr", "TN": "fr", "DE": "de", "ES": "es", "IT": "it"}

# How each table with a local name reaches its country.
COUNTRY_OF = {
    "councils": "SELECT r.id, r.name_local, l.country_code FROM councils r JOIN localities l ON l.id = r.locality_id",
    "centres": "SELECT r.id, r.name_local, l.country_code FROM centres r JOIN localities l ON l.id = r.locality_id",
    "organisations": "SELECT r.id, r.name_local, r.country_code FROM organisations r",
}


def language_of(name: str, country: str | None) -> str | None:
    letters = [unicodedata.name(character, "") for character in name if character.isalpha()]
    if any(letter.startswith("ARABIC") for letter in letters):
        return "ar"
    if any(letter.startswith("CJK") for letter in letters):
        return "zh"
    return LATIN_LANGUAGE.get((country or "").upper())


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("original_language", sa.String(8), nullable=False,
                                       server_default=sa.text("'en'")))
        op.add_column(table, sa.Column("translations", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    connection = op.get_bind()
    for table, query in COUNTRY_OF.items():
        rows = sa.table(table, sa.column("id", sa.Integer), sa.column("translations", sa.JSON()))
        for record_id, name_local, country in connection.execute(sa.text(query + " WHERE r.name_local <> ''")):
            language = language_of(name_local, country)
            if language:
                connection.execute(rows.update().where(rows.c.id == record_id)
                                   .values(translations={language: {"name": name_local}}))
        op.drop_column(table, "name_local")  # SQLite drops a column in place


def downgrade() -> None:
    connection = op.get_bind()
    for table in COUNTRY_OF:
        op.add_column(table, sa.Column("name_local", sa.String(200), nullable=True))
        rows = sa.table(table, sa.column("id", sa.Integer), sa.column("name_local", sa.String),
                        sa.column("translations", sa.JSON()))
        for record_id, translations in connection.execute(sa.select(rows.c.id, rows.c.translations)).all():
            names = [fields.get("name") for language, fields in (translations or {}).items() if language != "en"]
            if names and names[0]:
                connection.execute(rows.update().where(rows.c.id == record_id).values(name_local=names[0]))
    for table in TABLES:
        op.drop_column(table, "translations")
        op.drop_column(table, "original_language")
