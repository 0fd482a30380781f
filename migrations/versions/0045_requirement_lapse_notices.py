"""requirements_met.lapse_told_at: a volunteer is told, once, a few weeks before a record lapses

Revision ID: 0045_requirement_lapse_notices
Revises: 0044_requirement_languages
Create Date: 2026-12-07

A safeguarding check or a first-aid course recorded until a day stopped counting on the next, and the volunteer
learnt it only when a sign-up was refused. The outbox worker now writes to them LAPSE_NOTICE days ahead
(volunteering.requirements); this column says it has, and a partial index holds the records still to be told.
"""
import sqlalchemy as sa
from alembic import op

import planner.types

revision = "0045_requirement_lapse_notices"
down_revision = "0044_requirement_languages"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("requirements_met", sa.Column("lapse_told_at", planner.types.UTCDateTime(timezone=True),
                                                nullable=True))
    op.create_index("ix_requirements_met_lapsing", "requirements_met", ["valid_until"],
                    sqlite_where=sa.text("lapse_told_at IS NULL"), postgresql_where=sa.text("lapse_told_at IS NULL"))


def downgrade() -> None:
    op.drop_index("ix_requirements_met_lapsing", table_name="requirements_met")
    op.drop_column("requirements_met", "lapse_told_at")
