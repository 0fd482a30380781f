"""An initiative's volunteer hours by year, across every programme that serves it (whichever organisation runs it),
for those who run the initiative; and the latest year's figures on its budget requests, for the council."""
from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from planner.budgets.models import RequestStatus
from planner.volunteering.models import SignupStatus

VERIFIED = datetime(2027, 2, 1, tzinfo=UTC)


def _figures(page: str) -> list[str]:
    figures = page[page.index('class="key-figures"'):]
    figures = figures[:figures.index("</dl>")]
    return [value.split("</dd>")[0] for value in figures.split("<dd>")[1:]]


@pytest.fixture
def river_days(make, db, clock):
    """The River Days initiative, led by Jordan Riverkeepers: their own programme and a partner's serve it; another
    programme of the Riverkeepers does not. Hours in 2026 and 2027."""
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    lead = make.organisation(name="Jordan Riverkeepers")
    partner = make.organisation(name="Valley Scouts")
    initiative = make.initiative(title="River Days", lead=lead)
    cleaning = make.programme(name="Bank cleaners", owner=lead, initiative_id=initiative.id)
    guiding = make.programme(name="Walk guides", owner=partner, initiative_id=initiative.id)
    elsewhere = make.programme(name="Office helpers", owner=lead)
    people = {name: make.user(name=name) for name in ("Amal", "Ben", "Omar", "Dana")}

    def came(programme, person, hours, when=datetime(2027, 2, 6, 7, tzinfo=UTC), status=SignupStatus.ATTENDED):
        make.marked(programme, people[person], hours, when, status=status, verified_at=VERIFIED)

    came(cleaning, "Amal", "3.00")
    came(guiding, "Amal", "2.00")
    came(guiding, "Ben", "4.00")
    came(guiding, "Dana", "0", status=SignupStatus.NO_SHOW)
    came(elsewhere, "Omar", "9.00")
    came(cleaning, "Ben", "5.00", when=datetime(2026, 5, 2, 7, tzinfo=UTC))
    db.commit()
    return initiative, lead, partner


def test_those_who_run_an_initiative_see_every_programme_serving_it(client, login, make, river_days):
    initiative, lead, _partner = river_days
    login(make.coordinator(of=lead))
    assert f'href="/initiatives/{initiative.slug}/hours"' in client.get(
        f"/initiatives/{initiative.slug}").get_data(as_text=True)
    page = client.get(f"/initiatives/{initiative.slug}/hours").get_data(as_text=True)
    assert "Volunteer hours of" in page and "River Days" in page
    assert _figures(page) == ["2", "3", "9", "1"]  # Amal and Ben came; the partner's programme counts too
    by_programme = page[page.index("By programme"):page.index("By volunteer")]
    assert by_programme.index("Walk guides") < by_programme.index("Bank cleaners") and "Office helpers" not in page
    assert "Omar" not in page
    earlier = client.get(f"/initiatives/{initiative.slug}/hours?year=2026").get_data(as_text=True)
    assert _figures(earlier) == ["1", "1", "5", "0"]
    lines = list(csv.reader(io.StringIO(client.get(f"/initiatives/{initiative.slug}/hours.csv?year=2027")
                                        .get_data(as_text=True).lstrip("\ufeff"))))
    assert [line[0] for line in lines[1:]] == ["Amal", "Ben", "Dana"] and lines[1][2:4] == ["2", "5.00"]


def test_a_partner_running_one_of_its_programmes_does_not_see_the_whole_initiative(client, login, make, river_days):
    initiative, _lead, partner = river_days
    login(make.coordinator(of=partner))
    for address in (f"/initiatives/{initiative.slug}/hours", f"/initiatives/{initiative.slug}/hours.csv"):
        assert client.get(address).status_code == 403
    assert "/hours" not in client.get(f"/initiatives/{initiative.slug}").get_data(as_text=True)


def test_the_council_reviewing_a_request_sees_the_initiative_s_latest_year_up_to_the_request_s(
        client, login, make, river_days):
    initiative, _lead, _partner = river_days
    now = make.budget_request(for_initiative=initiative, year=2027, status=RequestStatus.SUBMITTED)
    before = make.budget_request(for_initiative=initiative, year=2026, status=RequestStatus.SUBMITTED)
    login(make.council_member(of=initiative.council))
    page = client.get(f"/requests/{now.id}").get_data(as_text=True)
    assert "Volunteering for this initiative" in page and "recorded in 2027" in page
    assert _figures(page[page.index("Volunteering for this initiative"):]) == ["2", "3", "9"]
    assert f"/initiatives/{initiative.slug}/hours" not in page and "Amal" not in page  # figures, not names
    earlier = client.get(f"/requests/{before.id}").get_data(as_text=True)
    assert "recorded in 2026" in earlier and _figures(earlier[earlier.index("Volunteering"):]) == ["1", "1", "5"]


def test_a_request_whose_initiative_has_no_attendance_says_nothing_of_volunteering(client, login, make, db, clock):
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    initiative = make.initiative(title="Quiet initiative")
    make.programme(initiative_id=initiative.id)
    request = make.budget_request(for_initiative=initiative, year=2027, status=RequestStatus.SUBMITTED)
    db.commit()
    login(make.council_member(of=initiative.council))
    page = client.get(f"/requests/{request.id}")
    assert page.status_code == 200 and "Volunteering for this initiative" not in page.get_data(as_text=True)
