"""Migration 0019: a shift cancelled with its archived programme before it no longer keeps the archiver's words."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from planner.db import make_engine
from planner.migrate import downgrade, upgrade
from planner.organisations.models import Organisation
from planner.places.models import Country, Locality
from planner.volunteering.models import Programme, Shift

SHIFTS = Shift.__table__


def _cancelled_shifts(connection) -> dict[str, int]:
    """Shifts cancelled before the migration: with an archived programme (in Arabic, and in the coordinator's own
    words) and, the same sentence, with a programme still running."""
    connection.execute(insert(Country.__table__).values(code="JO", name="Jordan"))
    place = connection.execute(insert(Locality.__table__).values(slug="amman", name="Amman", country_code="JO",
                                                                  timezone="Asia/Amman")).inserted_primary_key[0]
    owner = connection.execute(insert(Organisation.__table__).values(
        slug="org", name="Org", kind="nonprofit", country_code="JO")).inserted_primary_key[0]
    ended, running = (connection.execute(insert(Programme.__table__).values(
        slug=slug, name=slug, organisation_id=owner, status=status)).inserted_primary_key[0]
        for slug, status in (("ended", "archived"), ("running", "active")))
    start = datetime(2027, 1, 10, 7, tzinfo=UTC)  # the migration reads no date: any will do, fixed
    shifts = {}
    for name, programme, reason in (("ended in arabic", ended, "انتهى البرنامج التطوعي."),
                                    ("own words", ended, "Storm warning."),
                                    ("still running", running, "The programme has ended.")):
        shifts[name] = connection.execute(insert(SHIFTS).values(
            programme_id=programme, title=name, starts_at=start, ends_at=start + timedelta(hours=2),
            locality_id=place, capacity=3, status="cancelled", cancel_reason=reason)).inserted_primary_key[0]
    return shifts


def test_only_the_stored_programme_ended_sentence_of_an_archived_programme_is_emptied(databases):
    url = databases.fresh("programme_ended")
    upgrade(url, "0018_initiative_country")
    engine = make_engine(url)
    with engine.begin() as connection:
        shifts = _cancelled_shifts(connection)
    engine.dispose()

    upgrade(url)

    engine = make_engine(url)
    with engine.connect() as connection:
        reasons = dict(connection.execute(select(SHIFTS.c.title, SHIFTS.c.cancel_reason)
                                          .where(SHIFTS.c.id.in_(shifts.values()))).all())
    engine.dispose()
    assert reasons == {"ended in arabic": "", "own words": "Storm warning.",
                       "still running": "The programme has ended."}
    downgrade(url, "0018_initiative_country")
    upgrade(url)
