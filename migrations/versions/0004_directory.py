"""directory: indexes for the initiatives list sorted by name and the home page's latest initiatives

Revision ID: 0003_directory
Revises: 0003_volunteering
Create Date: 2026-11-21

Found by planner/directory/benchmark.py with 100,000 initiatives on PostgreSQL: without them,
"sort by name" and the home page's "latest published" each sorted every published initiative.
"""
from alembic import op

revision = "0003_directory"
down_revision = "0003_volunteering"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_initiatives_status_title", "initiatives", ["status", "title"], unique=False)
    op.create_index("ix_initiatives_status_published_at", "initiatives", ["status", "published_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_initiatives_status_published_at", table_name="initiatives")
    op.drop_index("ix_initiatives_status_title", table_name="initiatives")
