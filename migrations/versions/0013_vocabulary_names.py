"""vocabularies: each term's names in other languages (themes, services, audiences, skills)

Revision ID: 0013_vocabulary_names
Revises: 0012_search_folding
Create Date: 2026-12-02

Terms start with none; the seeds give them Arabic, French and Turkish names. Country names need
no column: they come from CLDR through Babel.
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_vocabulary_names"
down_revision = "0012_search_folding"
branch_labels = None
depends_on = None

VOCABULARIES = ("themes", "services", "audiences", "skills")


def upgrade() -> None:
    for table in VOCABULARIES:
        op.add_column(table, sa.Column("names", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    for table in VOCABULARIES:
        op.drop_column(table, "names")  # SQLite drops a column in place
