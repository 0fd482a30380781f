"""volunteering: a volunteer may bring others; a party takes or waits for its places together

Revision ID: 0009_parties
Revises: 0008_check_in
Create Date: 2026-12-02

Every existing sign-up is a party of one; every existing shift takes single sign-ups only.
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_parties"
down_revision = "0008_check_in"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("shifts", sa.Column("party_limit", sa.Integer(), nullable=False, server_default=sa.text("0")))
    op.add_column("signups", sa.Column("party_size", sa.Integer(), nullable=False, server_default=sa.text("1")))
    op.add_column("signups", sa.Column("guest_names", sa.String(length=500), nullable=False,
                                       server_default=sa.text("''")))


def downgrade() -> None:
    op.drop_column("signups", "guest_names")
    op.drop_column("signups", "party_size")
    op.drop_column("shifts", "party_limit")
