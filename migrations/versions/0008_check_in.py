"""volunteering: a check-in code per sign-up, and check-in and check-out times

Revision ID: 0008_check_in
Revises: 0007_shift_reminders
Create Date: 2026-12-02

Existing sign-ups get a fresh random code each.
"""
import secrets

import sqlalchemy as sa
from alembic import op

import planner.types

revision = "0008_check_in"
down_revision = "0007_shift_reminders"
branch_labels = None
depends_on = None

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def upgrade() -> None:
    op.add_column("signups", sa.Column("checkin_code", sa.String(length=12), nullable=False, server_default=""))
    op.add_column("signups", sa.Column("checked_in_at", planner.types.UTCDateTime(), nullable=True))
    op.add_column("signups", sa.Column("checked_out_at", planner.types.UTCDateTime(), nullable=True))
    connection = op.get_bind()
    signups = sa.table("signups", sa.column("id"), sa.column("checkin_code"))
    for (ident,) in connection.execute(sa.select(signups.c.id)).all():
        code = "".join(secrets.choice(ALPHABET) for _ in range(8))
        connection.execute(signups.update().where(signups.c.id == ident).values(checkin_code=code))
    op.create_index("uq_signups_shift_checkin_code", "signups", ["shift_id", "checkin_code"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_signups_shift_checkin_code", table_name="signups")
    op.drop_column("signups", "checked_out_at")
    op.drop_column("signups", "checked_in_at")
    op.drop_column("signups", "checkin_code")
