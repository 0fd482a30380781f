"""volunteering: shifts that repeat (an RRULE and a template), and each shift's place in its series

Revision ID: 0010_shift_series
Revises: 0009_parties
Create Date: 2026-12-02

Existing shifts stay single shifts.
"""
from alembic import op
import sqlalchemy as sa
import planner.types


revision = '0010_shift_series'
down_revision = '0009_parties'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('shift_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('rule', sa.String(length=500), nullable=False),
    sa.Column('first_start_local', sa.DateTime(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('exceptions', sa.JSON(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('locality_id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('cutoff_hours', sa.Integer(), nullable=False),
    sa.Column('party_limit', sa.Integer(), nullable=False),
    sa.Column('made_until_local', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', planner.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_shift_series_centre_id_centres')),
    sa.ForeignKeyConstraint(['locality_id'], ['localities.id'], name=op.f('fk_shift_series_locality_id_localities')),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_shift_series_programme_id_programmes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shift_series'))
    )
    with op.batch_alter_table('shift_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shift_series_cancelled_at'), ['cancelled_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_shift_series_programme_id'), ['programme_id'], unique=False)

    if op.get_bind().dialect.name == "sqlite":  # a column with its reference, added in place (no rebuild)
        op.execute("ALTER TABLE shifts ADD COLUMN series_id INTEGER REFERENCES shift_series (id)")
    else:
        op.add_column("shifts", sa.Column("series_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_shifts_series_id_shift_series"), "shifts", "shift_series", ["series_id"], ["id"])
    op.add_column("shifts", sa.Column("occurrence", sa.DateTime(), nullable=True))
    op.create_index("ix_shifts_series_starts", "shifts", ["series_id", "starts_at"], unique=False)
    op.create_index("uq_shifts_series_occurrence", "shifts", ["series_id", "occurrence"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_shifts_series_occurrence", table_name="shifts")
    op.drop_index("ix_shifts_series_starts", table_name="shifts")
    op.drop_column("shifts", "occurrence")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("fk_shifts_series_id_shift_series"), "shifts", type_="foreignkey")
    op.drop_column("shifts", "series_id")  # SQLite drops a column in place

    with op.batch_alter_table('shift_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shift_series_programme_id'))
        batch_op.drop_index(batch_op.f('ix_shift_series_cancelled_at'))

    op.drop_table('shift_series')
