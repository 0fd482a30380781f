"""shifts: helpers without an account, counted with their hours each

Revision ID: 0026_unnamed_helpers
Revises: 0025_shift_instructions
Create Date: 2026-12-06

A school class or neighbours passing by help at a clean-up and have no account here, nor want one. The
coordinator records how many came and their hours each on the roster; the hours reports count them beside the
volunteers on the roster. None until recorded.
"""
import sqlalchemy as sa
from alembic import op

import planner.types

revision = "0026_unnamed_helpers"
down_revision = "0025_shift_instructions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("shifts", sa.Column("unnamed_helpers", sa.Integer(), nullable=False, server_default=sa.text("0")))
    op.add_column("shifts", sa.Column("unnamed_hours_each", planner.types.ScaledDecimal(precision=8, scale=2),
                                      nullable=False, server_default=sa.text("0")))


def downgrade() -> None:
    for column in ("unnamed_hours_each", "unnamed_helpers"):
        op.drop_column("shifts", column)  # SQLite drops a column in place
