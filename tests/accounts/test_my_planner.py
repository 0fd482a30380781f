"""My planner (/me): where everyone lands after logging in, with what waits for each of their roles."""
from __future__ import annotations

from datetime import UTC, datetime

from planner.accounts.models import Role
from planner.budgets.models import RequestStatus
from planner.volunteering.models import SignupStatus
from tests.accounts.conftest import form_login


def test_logging_in_without_a_page_to_return_to_lands_on_my_planner(client, make):
    person = make.user(name="Huda")
    response = form_login(client, person.email)
    assert response.status_code == 302 and response.headers["Location"].endswith("/me")
    page = client.get("/me").get_data(as_text=True)
    assert "<h1>My planner</h1>" in page and "No shift booked" in page
    assert "Verified hours this year: 0" in page


def test_a_volunteer_sees_the_next_shift_and_the_waiting_list_place(client, clock, make):
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    volunteer = make.user(name="Yusuf")
    booked = make.shift(starts_at=datetime(2027, 3, 13, 7, tzinfo=UTC))
    full = make.shift(capacity=1, starts_at=datetime(2027, 3, 20, 7, tzinfo=UTC))
    make.signup(booked, volunteer=volunteer)
    make.signup(full, volunteer=make.user())
    make.signup(full, volunteer=volunteer, status=SignupStatus.WAITLISTED)
    form_login(client, volunteer.email)
    page = client.get("/me").get_data(as_text=True)
    assert "Next shift:" in page and f'href="/shifts/{booked.id}"' in page
    assert "Waiting list: number 1" in page


def test_a_coordinator_sees_initiatives_by_state_programmes_and_the_ways_to_create(client, clock, make):
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    organisation = make.organisation(name="Atlas Weavers")
    make.initiative(lead=organisation)
    programme = make.programme(owner=organisation, name="Dye crews")
    make.shift(of=programme, capacity=4, starts_at=datetime(2027, 3, 13, 7, tzinfo=UTC))
    coordinator = make.coordinator(of=organisation)
    form_login(client, coordinator.email)
    page = client.get("/me").get_data(as_text=True)
    assert "Published: 1" in page and "Draft: 0" in page
    assert "Dye crews" in page and "0% (0 of 4)" in page
    assert f'/programmes/new?owner=organisation:{organisation.id}' in page
    assert f'/programmes/{programme.slug}/shifts/new' in page


def test_a_member_sees_the_requests_awaiting_their_vote(client, clock, make):
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    request = make.budget_request(status=RequestStatus.SUBMITTED, title="Looms for the cooperative")
    member = make.council_member(request.council, Role.COUNCIL_MEMBER)
    form_login(client, member.email)
    page = client.get("/me").get_data(as_text=True)
    assert "1 request awaits your vote" in page
    assert f'href="/requests/{request.id}"' in page and "Looms for the cooperative" in page
