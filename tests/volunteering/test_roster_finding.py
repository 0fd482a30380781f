"""A large roster in pages, searched by name or address and filtered by who is still to mark or to check in;
marking a row comes back to where the coordinator was; someone without their code is checked in by name."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from planner.audit.models import AuditEvent
from planner.volunteering.models import Signup, SignupStatus

START = datetime(2027, 5, 15, 7, 0, tzinfo=UTC)


@pytest.fixture
def marathon(make):
    """A 120-place shift, full, and its coordinator: the 61st volunteer has a name of their own."""
    programme = make.programme()
    shift = make.shift(of=programme, starts_at=START, hours=6, capacity=120, title="Marathon water stations")
    people = [make.signup(shift, make.user(name="Rania Haddad-Özdemir" if number == 60 else f"Runner {number:03}",
                                           email="rania.h@example.org" if number == 60 else None))
              for number in range(120)]
    return shift, people, make.coordinator(of=programme.organisation)


def names_on(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><bdi>([^<]+)</bdi>', page)


def test_a_large_roster_comes_in_pages_of_fifty(client, login, clock, marathon):
    shift, people, coordinator = marathon
    clock.set(START - timedelta(days=3))
    login(coordinator)

    first = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    third = client.get(f"/shifts/{shift.id}/roster?page=3").get_data(as_text=True)
    past_the_end = client.get(f"/shifts/{shift.id}/roster?page=4")

    assert names_on(first) == [f"Runner {number:03}" for number in range(50)]
    assert "Page 1 of 3" in first and "50 volunteers shown of 120 with a place." not in first
    assert names_on(third) == [f"Runner {number:03}" for number in range(100, 120)]
    assert past_the_end.status_code == 404
    assert "There is no page 4: the results fit on 3 pages." in past_the_end.get_data(as_text=True)


@pytest.mark.parametrize("typed", ["haddad", "RANIA.H@", "Özdemir", "ozdemir", "HADDAD-OZDEMİR", "rânia"])
def test_the_coordinator_finds_a_volunteer_by_part_of_their_name_or_address(client, login, clock, marathon, typed):
    shift, _people, coordinator = marathon
    clock.set(START - timedelta(days=3))
    login(coordinator)

    page = client.get(f"/shifts/{shift.id}/roster", query_string={"q": typed}).get_data(as_text=True)

    assert names_on(page) == ["Rania Haddad-Özdemir"]
    assert "1 volunteer shown of 120 with a place." in page and "Page 1 of" not in page


@pytest.mark.parametrize(("typed", "found"), [("راما", "رامَا الأحمد"), ("الاحمد", "رامَا الأحمد"),
                                              ("ilkay", "İlkay Işık"), ("ISIK", "İlkay Işık"), ("zoe", "Zoë Ng")])
def test_a_name_is_found_however_it_is_typed(client, login, make, db, clock, typed, found):
    programme = make.programme()
    shift = make.shift(of=programme, starts_at=START, hours=3, capacity=10)
    for name in ("رامَا الأحمد", "İlkay Işık", "Zoë Ng", "Someone Else"):
        make.signup(shift, make.user(name=name))
    coordinator = make.coordinator(of=programme.organisation)
    db.commit()
    clock.set(START - timedelta(days=3))
    login(coordinator)

    page = client.get(f"/shifts/{shift.id}/roster", query_string={"q": typed}).get_data(as_text=True)

    assert names_on(page) == [found]


def test_a_search_that_matches_no_one_says_so_and_wildcards_are_taken_as_typed(client, login, clock, marathon):
    shift, _people, coordinator = marathon
    clock.set(START - timedelta(days=3))
    login(coordinator)

    for typed in ("Nobody Here", "%", "Runner_0"):
        page = client.get(f"/shifts/{shift.id}/roster", query_string={"q": typed}).get_data(as_text=True)
        assert names_on(page) == [] and "No one with a place matches." in page, typed
    everyone = client.get(f"/shifts/{shift.id}/roster", query_string={"q": "x" * 201, "show": "odd"})
    assert everyone.status_code == 200 and len(names_on(everyone.get_data(as_text=True))) == 50


def test_the_views_show_who_is_still_to_check_in_or_to_mark(client, login, db, clock, marathon):
    shift, people, coordinator = marathon
    clock.set(START + timedelta(hours=7))
    for signup in people[:3]:
        db.get(Signup, signup.id).checked_in_at = START
    db.get(Signup, people[0].id).status = SignupStatus.ATTENDED
    db.get(Signup, people[1].id).status = SignupStatus.NO_SHOW
    db.commit()
    login(coordinator)

    def shown(view: str) -> str:
        return client.get(f"/shifts/{shift.id}/roster", query_string={"show": view}).get_data(as_text=True)

    assert names_on(shown("attended")) == ["Runner 000"] and names_on(shown("no_show")) == ["Runner 001"]
    to_mark = shown("to_mark")
    assert names_on(to_mark)[:2] == ["Runner 002", "Runner 003"] and "118 volunteers shown of 120" in to_mark
    assert names_on(shown("not_in"))[:2] == ["Runner 003", "Runner 004"]
    assert "Not checked in yet (117)" in to_mark and "Attended (1)" in to_mark and "No-show (1)" in to_mark
    assert "Mark the 118 volunteers not marked yet as attended" in to_mark  # the whole roster's, not the page's


def test_marking_a_row_comes_back_to_the_same_view_page_and_row(client, login, db, clock, marathon):
    shift, people, coordinator = marathon
    clock.set(START + timedelta(hours=7))
    login(coordinator)
    signup = people[75]
    prefix = f"signup-{signup.id}"

    answer = client.post(f"/shifts/{shift.id}/roster/{signup.id}?show=to_mark&page=2",
                         data={f"{prefix}-outcome": "attended", f"{prefix}-hours": ""})

    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/shifts/{shift.id}/roster?show=to_mark&page=2#signup-{signup.id}")
    assert db.get(Signup, signup.id).status is SignupStatus.ATTENDED
    page = client.get(f"/shifts/{shift.id}/roster?show=to_mark&page=2").get_data(as_text=True)
    assert f'action="/shifts/{shift.id}/roster/{people[76].id}?show=to_mark&amp;page=2"' in page


def test_someone_without_their_code_is_checked_in_and_out_by_name(client, login, db, clock, marathon):
    shift, people, coordinator = marathon
    signup = people[60]
    arrived = clock.set(START - timedelta(minutes=40))
    login(coordinator)
    door = client.get(f"/shifts/{shift.id}/check-in").get_data(as_text=True)
    assert f'href="/shifts/{shift.id}/roster?show=not_in"' in door

    found = client.get(f"/shifts/{shift.id}/roster?show=not_in&q=rania").get_data(as_text=True)
    assert 'aria-label="Check in \u2068Rania Haddad-Özdemir\u2069"' in found
    answer = client.post(f"/shifts/{shift.id}/roster/{signup.id}/check-in?show=not_in&q=rania", follow_redirects=True)
    assert "\u2068Rania Haddad-Özdemir\u2069 is checked in." in answer.get_data(as_text=True)
    assert abs(db.get(Signup, signup.id).checked_in_at.replace(tzinfo=UTC) - arrived) < timedelta(minutes=1)
    left = clock.set(START + timedelta(hours=6, minutes=5))
    client.post(f"/shifts/{shift.id}/roster/{signup.id}/check-in")
    db.expire_all()
    assert abs(db.get(Signup, signup.id).checked_out_at.replace(tzinfo=UTC) - left) < timedelta(minutes=1)
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.record_id == signup.id,
                                                         AuditEvent.actor_id == coordinator.id)).all()
    assert sorted(actions) == ["signup.check_in", "signup.check_out"]


def test_checking_in_by_name_is_refused_outside_the_hours_of_check_in(client, login, db, clock, make, marathon):
    shift, people, coordinator = marathon
    other = make.signup(make.shift(of=shift.programme, starts_at=START))
    clock.set(START - timedelta(hours=3))
    login(coordinator)
    early = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert "Check in \u2068Runner 000\u2069" not in early

    refused = client.post(f"/shifts/{shift.id}/roster/{people[0].id}/check-in", follow_redirects=True)
    assert "Check-in is open from two hours before the shift until two hours after it." in refused.get_data(
        as_text=True)
    clock.set(START)
    not_this_shift = client.post(f"/shifts/{shift.id}/roster/{other.id}/check-in", follow_redirects=True)
    assert "This volunteer no longer has a place on this shift." in not_this_shift.get_data(as_text=True)
    assert db.scalars(select(Signup.checked_in_at).where(Signup.checked_in_at.is_not(None))).all() == []
