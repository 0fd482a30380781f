"""volunteering: reminders before shifts, each queued once; a volunteer's "I'll be there"

Revision ID: 0007_shift_reminders
Revises: 0006_account_security
Create Date: 2026-12-02

Programmes start with the default timings (48 and 3 hours before), and every account with
reminders on.
"""
import sqlalchemy as sa
from alembic import op

import planner.types

revision = "0007_shift_reminders"
down_revision = "0006_account_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("programmes", sa.Column("reminder_hours", sa.JSON(), nullable=False,
                                          server_default=sa.text("'[48, 3]'")))
    op.add_column("users", sa.Column("shift_reminders", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column("signups", sa.Column("coming_confirmed_at", planner.types.UTCDateTime(), nullable=True))
    op.create_table(
        "shift_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signup_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", planner.types.UTCDateTime(), nullable=False),
        sa.Column("hours_before", sa.Integer(), nullable=False),
        sa.Column("notification_id", sa.Integer(), nullable=True),
        sa.Column("queued_at", planner.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["signup_id"], ["signups.id"], name=op.f("fk_shift_reminders_signup_id_signups")),
        sa.ForeignKeyConstraint(["notification_id"], ["notifications.id"],
                                name=op.f("fk_shift_reminders_notification_id_notifications")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_reminders")),
        sa.UniqueConstraint("signup_id", "starts_at", "hours_before", name=op.f("uq_shift_reminders_signup_id_starts_at_hours_before")),
    )
    op.create_index(op.f("ix_shift_reminders_signup_id"), "shift_reminders", ["signup_id"])


def downgrade() -> None:
    op.drop_table("shift_reminders")
    op.drop_column("signups", "coming_confirmed_at")  # SQLite drops a column in place: no table rebuild
    op.drop_column("users", "shift_reminders")
    op.drop_column("programmes", "reminder_hours")
