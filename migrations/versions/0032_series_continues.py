"""shift_series: the series a split one carries on, and an index by when series were added

Revision ID: 0032_series_continues
Revises: 0031_programme_followers
Create Date: 2026-12-07

Editing "this shift and the following" of a series makes a new series that carries the old one's later shifts on
(volunteering.series); `continues_id` names the old one, so that the followers' e-mails (volunteering.following),
which look for series added lately by `created_at`, do not take the rest of a series for new shifts.
"""
import sqlalchemy as sa
from alembic import op

revision = "0032_series_continues"
down_revision = "0031_programme_followers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("shift_series") as batch_op:
        batch_op.add_column(sa.Column("continues_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_shift_series_continues_id_shift_series"), "shift_series",
                                    ["continues_id"], ["id"])
        batch_op.create_index("ix_shift_series_created", ["created_at"])


def downgrade() -> None:
    with op.batch_alter_table("shift_series") as batch_op:
        batch_op.drop_index("ix_shift_series_created")
        batch_op.drop_constraint(batch_op.f("fk_shift_series_continues_id_shift_series"), type_="foreignkey")
        batch_op.drop_column("continues_id")
