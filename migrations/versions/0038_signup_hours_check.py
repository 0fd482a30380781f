"""signups: the check on verified hours no longer caps them at ten on SQLite

Revision ID: 0038_signup_hours_check
Revises: 0037_signup_note
Create Date: 2026-12-07

The check read "hours <= 1000". On PostgreSQL the column holds hours, on SQLite whole hundredths (planner.types.
ScaledDecimal), so on SQLite a coordinator who verified more than ten hours for one volunteer met an error page. The
bound is the roster's (volunteering.roster.most_hours), said with its message; the check keeps hours from being
negative, which reads the same in both.
"""
from alembic import op

revision = "0038_signup_hours_check"
down_revision = "0037_signup_note"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signups") as batch_op:
        batch_op.drop_constraint(op.f("ck_signups_hours_in_range"), type_="check")
        batch_op.create_check_constraint("hours_not_negative", "hours IS NULL OR hours >= 0")


def downgrade() -> None:
    with op.batch_alter_table("signups") as batch_op:
        batch_op.drop_constraint(op.f("ck_signups_hours_not_negative"), type_="check")
        batch_op.create_check_constraint("hours_in_range", "hours IS NULL OR (hours >= 0 AND hours <= 1000)")
