"""directory: the source documents records name in their provenance, with the titles pages show

Revision ID: 0016_source_documents
Revises: 0015_digits_choice
Create Date: 2026-12-02

The seeds fill it from sources.yaml; until they do, pages fall back to the file name.
"""
import sqlalchemy as sa
from alembic import op

revision = "0016_source_documents"
down_revision = "0015_digits_choice"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source_documents",
        sa.Column("file", sa.String(100), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("file", name=op.f("pk_source_documents")),
    )


def downgrade() -> None:
    op.drop_table("source_documents")
