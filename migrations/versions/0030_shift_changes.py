"""shifts: an index in the order of their last change, for the API's feed of changed shifts

Revision ID: 0030_shift_changes
Revises: 0029_translation_digest
Create Date: 2026-12-06

A site or app that shows a council's shifts keeps its copy in step by asking the API for the shifts changed since it
last asked (/api/v1/shifts/changes), page after page in the order of their last change; this index serves that order.
"""
from alembic import op

revision = "0030_shift_changes"
down_revision = "0029_translation_digest"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_shifts_updated", "shifts", ["updated_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_shifts_updated", table_name="shifts")
