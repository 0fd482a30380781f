"""certificates: the day a certificate says it was issued, on the calendar of the volunteer's place

Revision ID: 0021_certificate_issue_day
Revises: 0020_how_messages_go_out
Create Date: 2026-12-05

A certificate issued at 01:00 on New Year's Day in Amman was dated 31 December, the day in UTC. The day
is now worked out when the certificate is issued, on the calendar of the volunteer's place (or of the
place where they gave the hours), and kept with what the certificate says. Certificates issued before
keep the UTC day they have always shown.
"""
import sqlalchemy as sa
from alembic import op

revision = "0021_certificate_issue_day"
down_revision = "0020_how_messages_go_out"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("certificates", sa.Column("issued_on", sa.Date(), nullable=True))
    sqlite = op.get_bind().dialect.name == "sqlite"
    utc_day = "date(issued_at)" if sqlite else "CAST(issued_at AT TIME ZONE 'UTC' AS DATE)"
    op.execute(f"UPDATE certificates SET issued_on = {utc_day}")
    with op.batch_alter_table("certificates") as table:
        table.alter_column("issued_on", existing_type=sa.Date(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("certificates") as table:
        table.drop_column("issued_on")
