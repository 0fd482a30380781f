"""programme_requirements and requirements_met: what a programme asks of its volunteers before they take a place

Revision ID: 0043_programme_requirements
Revises: 0042_logged_hours_emails
Create Date: 2026-12-07

A programme working with children, or at a clinic, asks its volunteers for a safeguarding check, a training or a
first-aid course before they come. Its coordinators now name what they ask, and record who has it (until a day, or
for good); a sign-up is refused to anyone they have not recorded (volunteering.requirements).
"""
import sqlalchemy as sa
from alembic import op

import planner.types

revision = "0043_programme_requirements"
down_revision = "0042_logged_hours_emails"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "programme_requirements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_at", planner.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"], ondelete="CASCADE",
                                name=op.f("fk_programme_requirements_programme_id_programmes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_requirements")),
    )
    op.create_index(op.f("ix_programme_requirements_programme_id"), "programme_requirements", ["programme_id"])
    op.create_table(
        "requirements_met",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requirement_id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("recorded_at", planner.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["requirement_id"], ["programme_requirements.id"], ondelete="CASCADE",
                                name=op.f("fk_requirements_met_requirement_id_programme_requirements")),
        sa.ForeignKeyConstraint(["volunteer_id"], ["users.id"], name=op.f("fk_requirements_met_volunteer_id_users")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"],
                                name=op.f("fk_requirements_met_recorded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requirements_met")),
        sa.UniqueConstraint("requirement_id", "volunteer_id", name="uq_requirements_met_volunteer"),
    )
    op.create_index("ix_requirements_met_volunteer", "requirements_met", ["volunteer_id"])


def downgrade() -> None:
    op.drop_index("ix_requirements_met_volunteer", table_name="requirements_met")
    op.drop_table("requirements_met")
    op.drop_index(op.f("ix_programme_requirements_programme_id"), table_name="programme_requirements")
    op.drop_table("programme_requirements")
