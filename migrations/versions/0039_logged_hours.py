"""logged_hours: hours a volunteer gave a programme outside its shifts, for a coordinator to verify

Revision ID: 0039_logged_hours
Revises: 0038_signup_hours_check
Create Date: 2026-12-07

Hours counted only from rosters: an errand run, a morning of translating or a stand at a fair given to a programme
had no place. A volunteer logs them (the day, the hours, what they did); one of the programme's coordinators
verifies or declines them; verified, they count in the reports and on certificates (volunteering.logged_hours).
"""
import sqlalchemy as sa
from alembic import op

import planner.types

revision = "0039_logged_hours"
down_revision = "0038_signup_hours_check"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "logged_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("worked_on", sa.Date(), nullable=False),
        sa.Column("hours", planner.types.ScaledDecimal(precision=8, scale=2), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False, server_default=sa.text("''")),
        sa.Column("status", sa.Enum("pending", "verified", "declined", name="logged_hours_status",
                                    native_enum=False, create_constraint=True),
                  nullable=False, server_default=sa.text("'pending'")),
        sa.Column("logged_at", planner.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", planner.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=False, server_default=sa.text("''")),
        sa.CheckConstraint("hours > 0", name=op.f("ck_logged_hours_hours_given")),
        sa.ForeignKeyConstraint(["volunteer_id"], ["users.id"], name=op.f("fk_logged_hours_volunteer_id_users")),
        sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"],
                                name=op.f("fk_logged_hours_programme_id_programmes")),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_logged_hours_decided_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_logged_hours")),
    )
    op.create_index("ix_logged_hours_programme_status", "logged_hours", ["programme_id", "status", "worked_on"])
    op.create_index("ix_logged_hours_volunteer", "logged_hours", ["volunteer_id", "worked_on"])


def downgrade() -> None:
    op.drop_index("ix_logged_hours_volunteer", table_name="logged_hours")
    op.drop_index("ix_logged_hours_programme_status", table_name="logged_hours")
    op.drop_table("logged_hours")
