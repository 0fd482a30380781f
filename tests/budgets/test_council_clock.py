"""A council's budget pages date what happened on the calendar of the council's place: a decision taken at 01:30 on
New Year's morning in Amman is dated 1 January there, though UTC still reads 31 December."""
from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime

from planner.budgets.models import RequestStatus
from planner.hijri import hijri_text
from planner.places.models import Locality
from tests.budgets.test_decisions import decide, ready

NEW_YEAR_IN_AMMAN = datetime(2026, 12, 31, 22, 30, tzinfo=UTC)  # 01:30 on 1 January 2027 in Amman (UTC+3)


def decided(client, login, make, scene, db, clock, moment=NEW_YEAR_IN_AMMAN):
    """A request of the scene's council (in Amman unless the test moves it) submitted and decided at that moment."""
    clock.set(moment)
    pending = ready(make, scene, db)
    decide(client, login, scene, pending.id, outcome="approved", reason="Clear and modest.")
    client.post("/logout")
    return pending


def test_the_public_page_and_its_csv_date_the_decision_on_the_councils_calendar(client, login, make, scene, db,
                                                                                clock):
    decided(client, login, make, scene, db, clock)
    page = client.get(f"/councils/{scene.council.slug}/budget/2026").get_data(as_text=True)
    assert "Jan 1, 2027" in page and "Dec 31, 2026" not in page
    rows = list(csv.reader(io.StringIO(client.get(f"/councils/{scene.council.slug}/budget/2026/decisions.csv")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1][1] == "2027-01-01"


def test_a_council_in_another_place_dates_the_same_moment_by_its_own_calendar(client, login, make, scene, db,
                                                                             clock):
    evening_in_montreal = datetime(2027, 1, 1, 3, 0, tzinfo=UTC)  # 22:00 on 31 December there; 06:00 in Amman
    db.get(Locality, scene.council.locality_id).timezone = "America/Montreal"
    decided(client, login, make, scene, db, clock, evening_in_montreal)
    db.commit()
    page = client.get(f"/councils/{scene.council.slug}/budget/2026").get_data(as_text=True)
    assert "Dec 31, 2026" in page and "Jan 1, 2027" not in page


def test_the_request_and_the_members_queue_date_it_as_the_council_does(client, login, make, scene, db, clock):
    pending = decided(client, login, make, scene, db, clock)
    waiting = make.budget_request(scene.initiative, status=RequestStatus.SUBMITTED, created_by=scene.coordinator)
    db.commit()
    login(scene.members[0])
    request_page = client.get(f"/requests/{pending.id}").get_data(as_text=True)
    assert re.search(r"Decision \d+, Jan 1, 2027, on version 1", request_page)
    queue = client.get(f"/councils/{scene.council.slug}/requests").get_data(as_text=True)
    assert waiting.title in queue and "Jan 1, 2027" in queue and "Dec 31, 2026" not in queue


def test_the_budget_address_leads_to_the_year_it_is_on_the_councils_calendar(client, make, scene, db, clock):
    clock.set(NEW_YEAR_IN_AMMAN)
    make.envelope(scene.council, 2027, "5.00")
    db.commit()
    response = client.get(f"/councils/{scene.council.slug}/budget")
    assert response.headers["Location"].endswith(f"/councils/{scene.council.slug}/budget/2027")


def test_the_hijri_date_beside_it_is_of_the_same_day(client, login, make, scene, db, clock):
    decided(client, login, make, scene, db, clock)
    client.post("/calendar-preference", data={"hijri": "on"})
    page = client.get(f"/councils/{scene.council.slug}/budget/2026").get_data(as_text=True)
    assert f"Jan 1, 2027 ({hijri_text(date(2027, 1, 1))})" in page
    assert hijri_text(date(2026, 12, 31)) not in page
