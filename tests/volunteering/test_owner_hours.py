"""An organisation's or a centre's volunteer hours by year, across the programmes it owns, for its coordinators."""
from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from planner.volunteering.models import LoggedHoursStatus, Programme

VERIFIED = datetime(2027, 2, 1, tzinfo=UTC)


@pytest.fixture
def weavers(make, db, clock):
    """Atlas Weavers run two programmes (one volunteer came to both); another organisation's programme and a centre's
    programme have hours too."""
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    organisation = make.organisation(name="Atlas Weavers")
    dyeing = make.programme(name="Dye crews", owner=organisation)
    looms = make.programme(name="Loom menders", owner=organisation)
    people = {name: make.user(name=name) for name in ("Amal", "Ben", "Omar", "Cem")}

    def came(programme, person, hours):
        return make.marked(programme, people[person], hours, datetime(2027, 2, 6, 7, tzinfo=UTC), verified_at=VERIFIED)

    came(dyeing, "Amal", "3.00")
    came(looms, "Amal", "2.00")
    came(looms, "Ben", "4.00")
    came(make.programme(owner=make.organisation()), "Omar", "9.00")
    centre = make.centre(name="Hashmi centre")
    came(make.programme(owner=make.organisation(), centre_id=centre.id), "Cem", "1.50")
    db.commit()
    return organisation, centre, people


def test_an_organisation_sees_its_programmes_and_volunteers_counted_once(client, login, make, weavers):
    organisation, _centre, _people = weavers
    login(make.coordinator(of=organisation))
    assert f'href="/organisations/{organisation.slug}/hours"' in client.get(
        f"/organisations/{organisation.slug}").get_data(as_text=True)
    page = client.get(f"/organisations/{organisation.slug}/hours").get_data(as_text=True)
    figures = page[page.index('class="key-figures"'):page.index("</dl>")]
    assert [value.split("</dd>")[0] for value in figures.split("<dd>")[1:]] == ["2", "3", "9", "0"]
    by_programme = page[page.index("By programme"):page.index("By volunteer")]
    assert by_programme.index("Loom menders") < by_programme.index("Dye crews")  # 6 hours before 3
    by_volunteer = page[page.index("By volunteer"):]
    assert by_volunteer.index("Amal") < by_volunteer.index("Ben") and "Omar" not in page and "Cem" not in page
    lines = list(csv.reader(io.StringIO(client.get(f"/organisations/{organisation.slug}/hours.csv?year=2027")
                                        .get_data(as_text=True).lstrip("\ufeff"))))
    assert [line[0] for line in lines[1:]] == ["Amal", "Ben"] and lines[1][2:4] == ["2", "5.00"]


def test_a_centre_sees_the_hours_of_its_own_programmes(client, login, make, weavers):
    _organisation, centre, _people = weavers
    login(make.coordinator(centre=centre))
    page = client.get(f"/centres/{centre.slug}/hours").get_data(as_text=True)
    assert "Cem" in page and "Amal" not in page and "Omar" not in page
    assert f'href="/centres/{centre.slug}/hours"' in client.get(f"/centres/{centre.slug}").get_data(as_text=True)


def test_only_the_owners_coordinators_see_its_hours(client, login, make, weavers):
    organisation, centre, people = weavers
    login(make.coordinator(of=make.organisation()))
    for address in (f"/organisations/{organisation.slug}/hours", f"/organisations/{organisation.slug}/hours.csv",
                    f"/centres/{centre.slug}/hours"):
        assert client.get(address).status_code == 403
    assert "/hours" not in client.get(f"/organisations/{organisation.slug}").get_data(as_text=True)


def test_hours_logged_outside_the_shifts_count_once_verified_in_their_own_year(client, db, login, make, weavers):
    organisation, _centre, people = weavers
    dyeing = db.scalars(select(Programme).where(Programme.name == "Dye crews")).one()
    make.logged_hours(people["Ben"], dyeing, hours="2.50", worked_on=date(2027, 1, 3),
                      status=LoggedHoursStatus.VERIFIED, decided_at=VERIFIED)
    make.logged_hours(people["Omar"], dyeing, hours="6.00", worked_on=date(2027, 1, 4))  # waiting: not counted
    make.logged_hours(people["Amal"], dyeing, hours="1.00", worked_on=date(2026, 12, 30),
                      status=LoggedHoursStatus.VERIFIED, decided_at=VERIFIED)  # last year
    db.commit()
    login(make.coordinator(of=organisation))
    page = client.get(f"/organisations/{organisation.slug}/hours?year=2027").get_data(as_text=True)
    figures = page[page.index('class="key-figures"'):page.index("</dl>")]
    # volunteers, shifts, verified hours, of them logged, no-shows
    assert [value.split("</dd>")[0] for value in figures.split("<dd>")[1:]] == ["2", "3", "11.5", "2.5", "0"]
    assert "Omar" not in page
    lines = list(csv.reader(io.StringIO(client.get(f"/organisations/{organisation.slug}/hours.csv?year=2027")
                                        .get_data(as_text=True).lstrip("\ufeff"))))
    assert [line[0] for line in lines[1:]] == ["Ben", "Amal"] and lines[1][2:4] == ["1", "6.50"]
    last_year = client.get(f"/organisations/{organisation.slug}/hours?year=2026").get_data(as_text=True)
    assert "Amal" in last_year and "Ben" not in last_year
