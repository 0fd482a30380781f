"""search: digits typed in Arabic-Indic or Persian script are the digits 0–9

Revision ID: 0033_digits_folded
Revises: 0032_series_continues
Create Date: 2026-12-07

Folding (planner.folding) now writes ٠–٩ and ۰–۹ as 0–9, so that "٢٠٣٠" finds a record that says "2030" and
the other way round. The search index's folded columns and the accounts' folded names were written before:
this revision writes their other digits as 0–9, which is what folding them again would give (the digits are
a character-for-character change that no other step of folding touches). Only the rows holding such a digit
are rewritten; on SQLite the full-text table follows each row through its triggers, and PostgreSQL's tsvector
is generated from the column. Downgrading leaves the digits as they are: the earlier folding reads them still.
"""
import sqlalchemy as sa
from alembic import op

from planner.folding import OTHER_DIGITS

revision = "0033_digits_folded"
down_revision = "0032_series_continues"
branch_labels = None
depends_on = None

BATCH = 1000
WESTERN = str.maketrans(OTHER_DIGITS, "0123456789" * 2)

FOLDED_COLUMNS = {
    "search_entries": ("title_search", "body_search"),
    "users": ("name_folded",),
}


def upgrade() -> None:
    connection = op.get_bind()
    for table_name, columns in FOLDED_COLUMNS.items():
        table = sa.table(table_name, sa.column("id", sa.Integer), *(sa.column(name, sa.Text) for name in columns))
        holding = sa.or_(*(table.c[name].contains(digit) for name in columns for digit in OTHER_DIGITS))
        last = 0
        while rows := connection.execute(sa.select(table).where(table.c.id > last, holding)
                                         .order_by(table.c.id).limit(BATCH)).all():
            connection.execute(
                table.update().where(table.c.id == sa.bindparam("row_id"))
                .values({name: sa.bindparam(f"new_{name}") for name in columns}),
                [{"row_id": row.id, **{f"new_{name}": (row._mapping[name] or "").translate(WESTERN)
                                       for name in columns}} for row in rows])
            last = rows[-1].id


def downgrade() -> None:
    pass  # nothing to undo: folding as it was before reads 0–9 as it always did
