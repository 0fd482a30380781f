"""partnership parties answer: a party named by someone who does not speak for it is asked before the public sees it

Revision ID: 0047_partnership_answers
Revises: 0046_requirement_asks
Create Date: 2026-12-07

Until now a coordinator could name any council, centre or organisation as a party to a partnership, and the named
body's public page listed it at once. Each party now says whether it has agreed (`partnership_parties.agreed`), and a
partnership says whether enough of its parties have (`partnerships.is_agreed`): only then is it public. What was
recorded before stays as it was shown: agreed.
"""
import sqlalchemy as sa
from alembic import op

revision = "0047_partnership_answers"
down_revision = "0046_requirement_asks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("partnership_parties") as batch:
        batch.add_column(sa.Column("agreed", sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table("partnerships") as batch:
        batch.add_column(sa.Column("is_agreed", sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("partnerships") as batch:
        batch.drop_column("is_agreed")
    with op.batch_alter_table("partnership_parties") as batch:
        batch.drop_column("agreed")
