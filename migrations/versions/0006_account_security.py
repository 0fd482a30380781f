"""accounts: verified addresses, two-step verification, e-mailed links, recovery codes, invitations, deletion

Revision ID: 0006_account_security
Revises: 0005_money_minor_units
Create Date: 2026-12-02

Accounts that existed before this revision were opened by administrators or the seed loader,
whose addresses were taken as given, so they count as verified from the day they were made.
"""
import sqlalchemy as sa
from alembic import op

import planner.types

revision = "0006_account_security"
down_revision = "0005_money_minor_units"
branch_labels = None
depends_on = None

ROLES = ("admin", "council_member", "council_chair", "council_treasurer", "coordinator", "volunteer")
PURPOSES = ("password_reset", "email_verification", "email_change")
USER_COLUMNS = ("email_verified_at", "totp_secret", "totp_confirmed_at", "totp_last_step", "deleted_at")


def upgrade() -> None:
    op.add_column("users", sa.Column("email_verified_at", planner.types.UTCDateTime(), nullable=True))
    op.add_column("users", sa.Column("totp_secret", sa.String(length=64), nullable=True))
    op.add_column("users", sa.Column("totp_confirmed_at", planner.types.UTCDateTime(), nullable=True))
    op.add_column("users", sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
    op.add_column("users", sa.Column("deleted_at", planner.types.UTCDateTime(), nullable=True))
    op.execute("UPDATE users SET email_verified_at = created_at")
    op.add_column("login_sessions", sa.Column("ip_address", sa.String(length=45), nullable=False, server_default=""))
    _create_tables()


def _create_tables() -> None:
    op.create_table(
        "account_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.Enum(*PURPOSES, name="token_purpose", native_enum=False, create_constraint=True),
                  nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("created_at", planner.types.UTCDateTime(), nullable=False),
        sa.Column("expires_at", planner.types.UTCDateTime(), nullable=False),
        sa.Column("used_at", planner.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_account_tokens_user_id_users")),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_account_tokens")),
    )
    op.create_index("ix_account_tokens_user_purpose", "account_tokens", ["user_id", "purpose"])
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", planner.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_recovery_codes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
    )
    op.create_index(op.f("ix_recovery_codes_user_id"), "recovery_codes", ["user_id"])
    op.create_table(
        "council_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.Enum(*ROLES, name="role", native_enum=False, create_constraint=True), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("email_canonical", sa.String(length=254), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", planner.types.UTCDateTime(), nullable=False),
        sa.Column("expires_at", planner.types.UTCDateTime(), nullable=False),
        sa.Column("accepted_at", planner.types.UTCDateTime(), nullable=True),
        sa.Column("accepted_by_id", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", planner.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["council_id"], ["councils.id"], name=op.f("fk_council_invitations_council_id_councils")),
        sa.ForeignKeyConstraint(["invited_by_id"], ["users.id"], name=op.f("fk_council_invitations_invited_by_id_users")),
        sa.ForeignKeyConstraint(["accepted_by_id"], ["users.id"],
                                name=op.f("fk_council_invitations_accepted_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_council_invitations_token_hash")),
    )
    op.create_index(op.f("ix_council_invitations_council_id"), "council_invitations", ["council_id"])
    op.create_index(op.f("ix_council_invitations_email_canonical"), "council_invitations", ["email_canonical"])


def downgrade() -> None:
    op.drop_table("council_invitations")
    op.drop_table("recovery_codes")
    op.drop_table("account_tokens")
    with op.batch_alter_table("login_sessions") as table:
        table.drop_column("ip_address")
    with op.batch_alter_table("users") as table:
        for column in USER_COLUMNS:
            table.drop_column(column)
