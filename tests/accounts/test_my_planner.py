"""My planner (/me): where everyone lands after logging in, with what waits for each of their roles."""
from __future__ import annotations

from datetime import UTC, datetime

from planner.accounts.models import CouncilInvitation, Role
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


def test_a_volunteer_who_cannot_come_gives_the_place_up_from_my_planner_and_stays_there(client, clock, make, db):
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    volunteer = make.user(name="Yusuf")
    tomorrow = make.shift(title="Tomorrow's sorting", starts_at=datetime(2027, 3, 2, 7, tzinfo=UTC))
    later = make.shift(title="Later planting", starts_at=datetime(2027, 3, 20, 7, tzinfo=UTC))
    soon = make.signup(tomorrow, volunteer=volunteer)
    make.signup(later, volunteer=volunteer)
    form_login(client, volunteer.email)
    page = client.get("/me").get_data(as_text=True)
    assert page.count("I can&#39;t come") == 2 or page.count("I can't come") == 2
    assert "Check-in code:" in page and page.count('class="checkin-code"') == 1  # only the shift within a day
    answer = client.post(f"/signups/{soon.id}/cancel", data={"next": "/me"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/me")
    page = client.get("/me").get_data(as_text=True)
    assert "Your sign-up is cancelled." in page and "Tomorrow&#39;s sorting" not in page
    assert db.get(type(soon), soon.id).status is SignupStatus.CANCELLED


def test_cancelling_never_sends_anyone_off_the_site(client, make):
    signup = make.signup(make.shift())
    form_login(client, signup.volunteer.email)
    answer = client.post(f"/signups/{signup.id}/cancel", data={"next": "https://elsewhere.example/"})
    assert answer.headers["Location"].endswith(f"/shifts/{signup.shift_id}")


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


def test_a_coordinator_is_asked_to_mark_the_rosters_of_shifts_that_have_ended(client, clock, make, db):
    clock.set(datetime(2027, 3, 20, 12, tzinfo=UTC))
    organisation = make.organisation(name="Atlas Weavers")
    programme = make.programme(owner=organisation, name="Dye crews")
    ended = make.shift(of=programme, title="Saturday dyeing", starts_at=datetime(2027, 3, 13, 7, tzinfo=UTC))
    for _ in range(2):
        make.signup(ended)
    make.signup(ended, status=SignupStatus.ATTENDED)
    marked = make.shift(of=programme, title="All marked", starts_at=datetime(2027, 3, 6, 7, tzinfo=UTC))
    make.signup(marked, status=SignupStatus.NO_SHOW)
    long_ago = make.shift(of=programme, title="Last autumn", starts_at=datetime(2026, 10, 3, 7, tzinfo=UTC))
    make.signup(long_ago)
    coming = make.shift(of=programme, title="Next Saturday", starts_at=datetime(2027, 3, 27, 7, tzinfo=UTC))
    make.signup(coming)
    db.commit()
    form_login(client, make.coordinator(of=organisation).email)
    page = client.get("/me").get_data(as_text=True)
    waiting = page[page.index("Rosters waiting for attendance"):]
    assert f'href="/shifts/{ended.id}/roster"' in waiting and "2 volunteers not marked yet" in waiting
    assert "All marked" not in waiting and "Last autumn" not in waiting and "Next Saturday" not in waiting


def test_a_member_sees_the_requests_awaiting_their_vote(client, clock, make):
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    request = make.budget_request(status=RequestStatus.SUBMITTED, title="Looms for the cooperative")
    member = make.council_member(request.council, Role.COUNCIL_MEMBER)
    form_login(client, member.email)
    page = client.get("/me").get_data(as_text=True)
    assert "1 request awaits your vote" in page
    assert f'href="/requests/{request.id}"' in page and "Looms for the cooperative" in page


def test_an_administrator_sees_the_roles_waiting_for_an_answer_or_for_two_step_verification(client, clock, make,
                                                                                           login, db):
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    admin = make.user(name="Ada Admin", two_factor=True)
    make.grant(admin, Role.ADMIN)
    council = make.council(name="Council of the waiting roles")
    dormant = make.user(name="Dana Dormant")
    make.grant(dormant, Role.COUNCIL_MEMBER, council=council, two_factor=False)
    ready = make.user(name="Rami Ready", two_factor=True)
    make.grant(ready, Role.COUNCIL_MEMBER, council=council)
    coordinator_only = make.user(name="Cleo Coordinator")  # a coordinator's role needs no second step
    make.grant(coordinator_only, Role.COORDINATOR, organisation=make.organisation())
    for email, fields in (("open@example.org", {}),
                          ("expired@example.org", {"expires_at": datetime(2027, 2, 1, tzinfo=UTC)}),
                          ("taken@example.org", {"accepted_at": datetime(2027, 2, 20, tzinfo=UTC)})):
        db.add(CouncilInvitation(council_id=council.id, role=Role.COUNCIL_MEMBER, email=email, email_canonical=email,
                                 token_hash=f"waiting-{email}", **{"expires_at": datetime(2027, 3, 8, tzinfo=UTC),
                                                                   **fields}))
    db.commit()
    login(admin)
    page = client.get("/me").get_data(as_text=True)
    assert "1 council invitation not yet accepted" in page and "open@example.org" in page
    assert "expired@example.org" not in page and "taken@example.org" not in page
    assert "1 person holds a role they cannot use until they set up two-step verification" in page
    assert "Dana Dormant" in page and "Rami Ready" not in page and "Cleo Coordinator" not in page
    assert "2 roles waiting" in page


def test_roles_waiting_are_for_administrators_only(client, make, login):
    dormant = make.user(name="Dana Dormant")
    make.grant(dormant, Role.COUNCIL_MEMBER, council=make.council(), two_factor=False)
    volunteer = make.user()
    login(volunteer)
    page = client.get("/me").get_data(as_text=True)
    assert "Roles waiting" not in page and "Dana Dormant" not in page
