"""volunteering: certificates of verified hours, kept as issued so that anyone can check them

Revision ID: 0011_certificates
Revises: 0010_shift_series
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa
import planner.types


revision = '0011_certificates'
down_revision = '0010_shift_series'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('name_printed', sa.String(length=200), nullable=False),
    sa.Column('hours', planner.types.ScaledDecimal(precision=8, scale=2), nullable=False),
    sa.Column('shifts', sa.Integer(), nullable=False),
    sa.Column('programme_name', sa.String(length=400), nullable=False),
    sa.Column('organisation_name', sa.String(length=400), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('issued_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', planner.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_certificates_programme_id_programmes')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['users.id'], name=op.f('fk_certificates_volunteer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('code', name=op.f('uq_certificates_code'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_volunteer_id'), ['volunteer_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificates_volunteer_id'))

    op.drop_table('certificates')
