"""Migration 0003: a centre alone may own a programme, and existing programmes and shifts survive it."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from planner.centres.models import Centre
from planner.clock import utcnow
from planner.db import make_engine
from planner.migrate import downgrade, upgrade
from planner.organisations.models import Organisation
from planner.places.models import Country, Locality
from planner.volunteering.models import Programme, Shift


def _world(connection) -> dict[str, int]:
    connection.execute(insert(Country.__table__).values(code="JO", name="Jordan"))
    place = connection.execute(insert(Locality.__table__).values(slug="amman", name="Amman", country_code="JO",
                                                                  timezone="Asia/Amman")).inserted_primary_key[0]
    organisation = connection.execute(insert(Organisation.__table__).values(
        slug="org", name="Org", kind="nonprofit", country_code="JO")).inserted_primary_key[0]
    centre = connection.execute(insert(Centre.__table__).values(slug="centre", name="Centre",
                                                                locality_id=place)).inserted_primary_key[0]
    programme = connection.execute(insert(Programme.__table__).values(
        slug="kept", name="Kept", organisation_id=organisation)).inserted_primary_key[0]
    start = utcnow() + timedelta(days=2)
    connection.execute(insert(Shift.__table__).values(programme_id=programme, title="Kept shift", starts_at=start,
                                                      ends_at=start + timedelta(hours=2), locality_id=place,
                                                      capacity=3))
    return {"centre": centre, "programme": programme}


def test_a_centre_alone_may_own_a_programme_after_the_migration(databases):
    url = databases.fresh("owner_migration")
    upgrade(url, "0002")
    engine = make_engine(url)
    with engine.begin() as connection:
        ids = _world(connection)
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(insert(Programme.__table__).values(slug="early", name="Early", centre_id=ids["centre"]))
    engine.dispose()

    upgrade(url)

    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(insert(Programme.__table__).values(slug="centre-run", name="Centre run",
                                                              centre_id=ids["centre"]))
        assert connection.scalar(select(func.count()).select_from(Shift.__table__)) == 1
        assert connection.scalar(select(Programme.__table__.c.name).where(
            Programme.__table__.c.id == ids["programme"])) == "Kept"
        if connection.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(insert(Programme.__table__).values(slug="nobody", name="Nobody's"))
    with engine.begin() as connection:
        connection.execute(Programme.__table__.delete().where(Programme.__table__.c.slug == "centre-run"))
    engine.dispose()
    downgrade(url, "0002")
    upgrade(url)
