"""a programme may be owned by a centre alone

Revision ID: 0003_volunteering
Revises: 0002
Create Date: 2026-11-22

Programmes are run by an organisation or by a community centre; before this, a centre's
programme needed an initiative too. The CHECK now accepts any of the three owners.

PostgreSQL swaps the constraint. SQLite cannot alter a CHECK, and rebuilding the table inside
the migration's transaction would trip the foreign keys of the shifts and skills that point at
programmes (foreign_keys cannot be switched off inside a transaction). Loosening a CHECK leaves
every stored row valid, so SQLite's documented procedure for changes that touch no stored data
applies: rewrite the table's schema text and bump the schema version.
"""
from alembic import op

revision = "0003_volunteering"
down_revision = "0002"
branch_labels = None
depends_on = None

OLD = "initiative_id IS NOT NULL OR organisation_id IS NOT NULL"
NEW = "initiative_id IS NOT NULL OR organisation_id IS NOT NULL OR centre_id IS NOT NULL"


def _replace_check(old: str, new: str) -> None:
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_programmes_has_owner"), "programmes", type_="check")
        op.create_check_constraint("has_owner", "programmes", new)
        return
    version = connection.exec_driver_sql("PRAGMA schema_version").scalar()
    connection.exec_driver_sql("PRAGMA writable_schema = ON")
    connection.exec_driver_sql(
        "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = 'programmes'",
        (f"CONSTRAINT ck_programmes_has_owner CHECK ({old})", f"CONSTRAINT ck_programmes_has_owner CHECK ({new})"),
    )
    connection.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    connection.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    _replace_check(OLD, NEW)


def downgrade() -> None:
    _replace_check(NEW, OLD)
