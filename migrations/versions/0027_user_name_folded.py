"""users: the name as searches compare it

Revision ID: 0027_user_name_folded
Revises: 0026_unnamed_helpers
Create Date: 2026-12-06

A roster or the admin's account search looked for a name in its case only on SQLite, and with its accents and
Arabic marks on both databases: "rania" found "Rania" on PostgreSQL alone, and "راما" never found "رامَا". Each
account now keeps its name folded as the directory's search folds words (planner.folding); the model keeps it in
step, and this revision folds the names already stored.
"""
import sqlalchemy as sa
from alembic import op

from planner.folding import fold

revision = "0027_user_name_folded"
down_revision = "0026_unnamed_helpers"
branch_labels = None
depends_on = None

BATCH = 1000

users = sa.table("users", sa.column("id", sa.Integer), sa.column("name", sa.String),
                 sa.column("name_folded", sa.Text))


def upgrade() -> None:
    op.add_column("users", sa.Column("name_folded", sa.Text(), nullable=False, server_default=sa.text("''")))
    connection, last = op.get_bind(), 0
    while rows := connection.execute(sa.select(users.c.id, users.c.name).where(users.c.id > last)
                                     .order_by(users.c.id).limit(BATCH)).all():
        connection.execute(users.update().where(users.c.id == sa.bindparam("row_id"))
                           .values(name_folded=sa.bindparam("folded")),
                           [{"row_id": row.id, "folded": fold(row.name or "")} for row in rows])
        last = rows[-1].id


def downgrade() -> None:
    op.drop_column("users", "name_folded")  # SQLite drops a column in place
