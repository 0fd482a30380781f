"""money: amounts keep three decimal places, so each currency's own minor units fit (JOD fils)

Revision ID: 0005_money_minor_units
Revises: 0003_directory
Create Date: 2026-12-02

PostgreSQL: NUMERIC(14,2) becomes NUMERIC(15,3); every stored value stays exactly as it was.
SQLite keeps money as whole minor units in an integer: the unit becomes the thousandth, so each
stored value is multiplied by ten. Going back down rounds to hundredths (fils are lost).
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_money_minor_units"
down_revision = "0003_directory"
branch_labels = None
depends_on = None

MONEY_COLUMNS = {
    "budget_envelopes": ("amount", "allocated"),
    "budget_requests": ("total",),
    "budget_request_versions": ("total",),
    "budget_line_items": ("unit_cost", "amount"),
    "budget_decisions": ("approved_amount",),
}


def upgrade() -> None:
    _rescale(sa.Numeric(14, 2), sa.Numeric(15, 3), "{column} * 10")


def downgrade() -> None:
    _rescale(sa.Numeric(15, 3), sa.Numeric(14, 2), "CAST(ROUND({column} / 10.0) AS INTEGER)")


def _rescale(old: sa.Numeric, new: sa.Numeric, sqlite_expression: str) -> None:
    """PostgreSQL: change the column type (values kept); SQLite: rewrite the stored integers."""
    if op.get_bind().dialect.name == "sqlite":
        _scale_sqlite(sqlite_expression)
        return
    for table, columns in MONEY_COLUMNS.items():
        for column in columns:
            op.alter_column(table, column, type_=new, existing_type=old, existing_nullable=False)


def _scale_sqlite(expression: str) -> None:
    for table, columns in MONEY_COLUMNS.items():
        assignments = ", ".join(f"{column} = {expression.format(column=column)}" for column in columns)
        op.execute(f"UPDATE {table} SET {assignments}")
