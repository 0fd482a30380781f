"""programme_followers: who is e-mailed the shifts added to a programme; shifts: an index by when they were added

Revision ID: 0031_programme_followers
Revises: 0030_shift_changes
Create Date: 2026-12-06

A volunteer who follows a programme is e-mailed, at most once a day, the shifts added to it since they were last
told (volunteering.following); the outbox worker finds the programmes with shifts added lately by `created_at`.
"""
import sqlalchemy as sa
from alembic import op

import planner.types

revision = "0031_programme_followers"
down_revision = "0030_shift_changes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "programme_followers",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("followed_at", planner.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("told_up_to", planner.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("written_at", planner.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE",
                                name=op.f("fk_programme_followers_user_id_users")),
        sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"], ondelete="CASCADE",
                                name=op.f("fk_programme_followers_programme_id_programmes")),
        sa.PrimaryKeyConstraint("user_id", "programme_id", name=op.f("pk_programme_followers")),
    )
    op.create_index("ix_programme_followers_told", "programme_followers", ["programme_id", "told_up_to"])
    op.create_index("ix_shifts_created", "shifts", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_shifts_created", table_name="shifts")
    op.drop_index("ix_programme_followers_told", table_name="programme_followers")
    op.drop_table("programme_followers")
