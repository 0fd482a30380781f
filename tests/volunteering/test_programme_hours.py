"""A programme's volunteer hours by year, for whoever runs it: who came, to how many shifts, hours, no-shows."""
from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from planner.accounts.models import Role
from planner.volunteering.models import SignupStatus

VERIFIED = datetime(2027, 2, 1, tzinfo=UTC)


@pytest.fixture
def garden_year(make, db, clock):
    """Community gardens in Amman: shifts in 2026 and 2027 (one that starts at 00:30 on New Year's Day there, which is
    still 2026 by UTC), with hours verified, a no-show, a place not yet marked, and hours on another programme."""
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    organisation = make.organisation(name="Green Hands")
    coordinator = make.user(name="Coordinator Cora")
    make.grant(coordinator, Role.COORDINATOR, organisation=organisation)
    programme = make.programme(name="Community gardens", owner=organisation)
    amman = make.locality(timezone="Asia/Amman")
    new_year = make.shift(of=programme, place=amman, starts_at=datetime(2026, 12, 31, 22, 30, tzinfo=UTC), hours=2)
    spring = make.shift(of=programme, place=amman, starts_at=datetime(2027, 2, 10, 7, tzinfo=UTC), hours=3)
    last_year = make.shift(of=programme, place=amman, starts_at=datetime(2026, 6, 1, 7, tzinfo=UTC), hours=4)
    people = {name: make.user(name=name) for name in ("Amal", "Ben", "Chen", "Dana")}

    def came(shift, person, hours):
        make.signup(shift, people[person], status=SignupStatus.ATTENDED, hours=Decimal(hours),
                    hours_verified_at=VERIFIED, hours_verified_by_id=coordinator.id)

    came(new_year, "Amal", "2.00")
    came(spring, "Amal", "2.50")
    came(spring, "Ben", "3.00")
    make.signup(new_year, people["Chen"], status=SignupStatus.NO_SHOW, hours_verified_at=VERIFIED)
    make.signup(spring, people["Dana"])  # a place, not yet marked
    came(last_year, "Dana", "4.00")
    came(make.shift(of=make.programme(owner=organisation), place=amman,
                    starts_at=datetime(2027, 1, 20, 7, tzinfo=UTC)), "Ben", "6.00")
    db.commit()
    return programme, coordinator, people


def rows_of(page: str) -> list[str]:
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    return [row.split("</th>")[0].rsplit(">", 2)[-2].removesuffix("</bdi") for row in body.split("<tr>")[1:]]


def test_the_latest_year_is_shown_with_its_totals_and_volunteers_by_hours(client, login, garden_year):
    programme, coordinator, _people = garden_year
    login(coordinator)
    assert f'href="/programmes/{programme.slug}/hours"' in client.get(f"/programmes/{programme.slug}").get_data(
        as_text=True)
    page = client.get(f"/programmes/{programme.slug}/hours").get_data(as_text=True)
    assert '<option selected value="2027">2027</option>' in page and '<option value="2026">2026</option>' in page
    figures = page[page.index('class="key-figures"'):page.index("</dl>")]
    # 2027 on Amman's calendar: Amal (the New Year's shift and spring), Ben (spring); Chen's no-show
    assert [value.split("</dd>")[0] for value in figures.split("<dd>")[1:]] == ["2", "2", "7.5", "1"]
    assert rows_of(page) == ["Amal", "Ben", "Chen"]  # most hours first; Chen only failed to come


def test_another_year_is_chosen_and_an_unknown_one_shows_the_latest(client, login, garden_year):
    programme, coordinator, _people = garden_year
    login(coordinator)
    earlier = client.get(f"/programmes/{programme.slug}/hours?year=2026").get_data(as_text=True)
    assert rows_of(earlier) == ["Dana"] and '<option selected value="2026">' in earlier
    for odd in ("1999", "twenty", "2027%00"):
        response = client.get(f"/programmes/{programme.slug}/hours?year={odd}")
        assert response.status_code == 200 and '<option selected value="2027">' in response.get_data(as_text=True)


def test_the_year_downloads_as_csv_with_the_volunteers_addresses(client, login, db, garden_year):
    programme, coordinator, people = garden_year
    people["Ben"].deleted_at = datetime(2027, 2, 20, tzinfo=UTC)
    db.commit()
    login(coordinator)
    response = client.get(f"/programmes/{programme.slug}/hours.csv?year=2027")
    assert response.headers["Cache-Control"] == "no-store"
    lines = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert lines[0] == ["Name", "Email", "Shifts attended", "Verified hours", "No-shows"]
    assert lines[1] == ["Amal", people["Amal"].email, "2", "4.50", "0"]
    assert lines[2][1:] == ["", "1", "3.00", "0"]  # an erased account keeps its hours, not its address


def test_a_programme_whose_rosters_recorded_no_one_says_so(client, login, db, make, garden_year):
    programme, coordinator, _people = garden_year
    quiet = make.programme(owner=programme.organisation)
    make.signup(make.shift(of=quiet, starts_at=datetime(2027, 3, 8, 7, tzinfo=UTC) + timedelta(days=1)))
    db.commit()
    login(coordinator)
    page = client.get(f"/programmes/{quiet.slug}/hours").get_data(as_text=True)
    assert "No roster has recorded who came yet." in page
    assert client.get(f"/programmes/{quiet.slug}/hours.csv").get_data(as_text=True).count("\n") == 1


def test_only_whoever_runs_the_programme_sees_its_hours(client, login, garden_year):
    programme, _coordinator, people = garden_year
    login(people["Amal"])
    assert client.get(f"/programmes/{programme.slug}/hours").status_code == 403
    assert client.get(f"/programmes/{programme.slug}/hours.csv").status_code == 403
    assert f"/programmes/{programme.slug}/hours" not in client.get(f"/programmes/{programme.slug}").get_data(
        as_text=True)
