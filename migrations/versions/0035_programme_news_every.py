"""users: how often the shifts added to the programmes one follows are e-mailed

Revision ID: 0035_programme_news_every
Revises: 0034_place_names
Create Date: 2026-12-07

A follower of programmes was e-mailed their new shifts at most once a day. Each account now chooses on its profile:
"soon" (once an addition has settled an hour), at most once a "day" (the default, what everyone had) or a "week".
"""
import sqlalchemy as sa
from alembic import op

revision = "0035_programme_news_every"
down_revision = "0034_place_names"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("programme_news_every", sa.String(length=8), nullable=False,
                                     server_default=sa.text("'day'")))


def downgrade() -> None:
    op.drop_column("users", "programme_news_every")  # SQLite drops a column in place
