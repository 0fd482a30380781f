"""requirement_asks: several programmes may ask for one requirement, and one record of it holds for them all

Revision ID: 0046_requirement_asks
Revises: 0045_requirement_lapse_notices
Create Date: 2026-12-07

An organisation running three programmes with children asked each for its own safeguarding check, and its
coordinators recorded every volunteer three times. A programme may now ask for what another of its coordinators'
programmes asks: the table says which programmes ask for each requirement. Each requirement there is asked for by the
programme it was written for, as before.
"""
import sqlalchemy as sa
from alembic import op

revision = "0046_requirement_asks"
down_revision = "0045_requirement_lapse_notices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "requirement_asks",
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("requirement_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"], ondelete="CASCADE",
                                name=op.f("fk_requirement_asks_programme_id_programmes")),
        sa.ForeignKeyConstraint(["requirement_id"], ["programme_requirements.id"], ondelete="CASCADE",
                                name=op.f("fk_requirement_asks_requirement_id_programme_requirements")),
        sa.PrimaryKeyConstraint("programme_id", "requirement_id", name=op.f("pk_requirement_asks")),
    )
    op.create_index(op.f("ix_requirement_asks_requirement_id"), "requirement_asks", ["requirement_id"])
    op.execute("INSERT INTO requirement_asks (programme_id, requirement_id) "
               "SELECT programme_id, id FROM programme_requirements")


def downgrade() -> None:
    op.drop_index(op.f("ix_requirement_asks_requirement_id"), table_name="requirement_asks")
    op.drop_table("requirement_asks")
