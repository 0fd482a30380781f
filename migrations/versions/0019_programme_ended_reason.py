"""shifts: a shift that went with its archived programme no longer keeps the reason in the archiver's language

Revision ID: 0019_programme_ended_reason
Revises: 0018_initiative_country
Create Date: 2026-12-03

Archiving a programme used to store "The programme has ended." as the reason on each of its shifts it
cancelled, in the language of whoever archived it, so every volunteer read it in that language. Since
then nothing is stored and the sentence is worded for each reader from the programme's state
(planner.volunteering.notices.cancellation_reason); this empties the reasons stored before, in any of
the four languages, where the programme is archived. A coordinator's own words are left as they are.
"""
import sqlalchemy as sa
from alembic import op

revision = "0019_programme_ended_reason"
down_revision = "0018_initiative_country"
branch_labels = None
depends_on = None

# The sentence as the catalogues wrote it: English, Arabic, French and Turkish.
PROGRAMME_ENDED = ("The programme has ended.", "انتهى البرنامج التطوعي.", "Le programme est terminé.",
                   "Gönüllülük programı sona erdi.")


def upgrade() -> None:
    op.execute(sa.text(
        "UPDATE shifts SET cancel_reason = '' WHERE status = 'cancelled' AND cancel_reason IN :reasons "
        "AND programme_id IN (SELECT id FROM programmes WHERE status = 'archived')"
    ).bindparams(sa.bindparam("reasons", value=list(PROGRAMME_ENDED), expanding=True)))


def downgrade() -> None:
    """Nothing to put back: each emptied reason was the same sentence, which the pages and messages now word."""
