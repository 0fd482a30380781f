"""initiatives: the place's country on the initiative itself, and indexes for the filtered public list

Revision ID: 0018_initiative_country
Revises: 0017_search_per_kind
Create Date: 2026-12-03

A list filtered by country and theme, newest first, is read in index order and counted from the
index alone at any size, which a filter through the localities table cannot be. The models keep
the copy in step (planner.initiatives.models); the upgrade fills it from each initiative's place.
"""
import sqlalchemy as sa
from alembic import op

revision = "0018_initiative_country"
down_revision = "0017_search_per_kind"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_initiatives_status_theme_country_starts_on": ["status", "theme_key", "country_code", "starts_on"],
    "ix_initiatives_status_country_starts_on": ["status", "country_code", "starts_on"],
    "ix_initiatives_status_locality_starts_on": ["status", "locality_id", "starts_on"],
}


def upgrade() -> None:
    op.add_column("initiatives", sa.Column("country_code", sa.String(2), nullable=True))
    op.execute("UPDATE initiatives SET country_code = "
               "(SELECT localities.country_code FROM localities WHERE localities.id = initiatives.locality_id)")
    with op.batch_alter_table("initiatives") as table:
        table.alter_column("country_code", existing_type=sa.String(2), nullable=False)
        table.create_foreign_key(op.f("fk_initiatives_country_code_countries"), "countries", ["country_code"], ["code"])
        for name, columns in INDEXES.items():
            table.create_index(name, columns)


def downgrade() -> None:
    with op.batch_alter_table("initiatives") as table:
        for name in INDEXES:
            table.drop_index(name)
        table.drop_constraint(op.f("fk_initiatives_country_code_countries"), type_="foreignkey")
        table.drop_column("country_code")
