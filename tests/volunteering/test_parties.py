"""Signing up with others: a party takes its places together or waits for them together, and the waitlist rule."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from planner.accounts.models import Role
from planner.db import session
from planner.volunteering import services
from planner.volunteering.models import Signup, SignupStatus
from planner.volunteering.services import Party, VolunteeringError
from tests.volunteering.test_reminders import START, _queue, _reminders


def _status(signup: Signup) -> SignupStatus:
    session.expire(signup)
    return signup.status


def test_a_party_takes_its_places_in_one_step(ctx, make):
    shift, volunteer = make.shift(capacity=5, party_limit=3), make.user()
    outcome = services.sign_up(volunteer.id, shift.id, party=Party(2, "Omar, Leila"))
    assert outcome.confirmed
    assert (outcome.signup.party_size, outcome.signup.guest_names) == (3, "Omar, Leila")
    assert shift.confirmed_count == 3 and shift.places_left == 2


def test_a_party_of_three_with_two_places_left_waits_whole(ctx, make):
    shift = make.shift(capacity=3, party_limit=2)
    services.sign_up(make.user().id, shift.id)
    outcome = services.sign_up(make.user().id, shift.id, party=Party(2))
    assert outcome.signup.status is SignupStatus.WAITLISTED and outcome.position == 1
    assert shift.confirmed_count == 1  # nobody of the party took one of the two places


def test_more_guests_than_the_shift_allows_are_refused(ctx, make):
    alone, small = make.shift(capacity=9), make.shift(capacity=9, party_limit=1)
    with pytest.raises(VolunteeringError, match="one person per sign-up"):
        services.sign_up(make.user().id, alone.id, party=Party(1))
    with pytest.raises(VolunteeringError, match="up to 1 other person on this shift"):
        services.sign_up(make.user().id, small.id, party=Party(2))
    assert alone.confirmed_count == small.confirmed_count == 0


def test_a_passed_over_party_keeps_its_place_and_is_first_for_the_next_places(ctx, make):
    shift = make.shift(capacity=4, party_limit=2)
    a, b, c = (services.sign_up(make.user().id, shift.id, party=Party(g)).signup for g in (0, 0, 1))
    trio = services.sign_up(make.user().id, shift.id, party=Party(2)).signup
    single = services.sign_up(make.user().id, shift.id).signup
    assert shift.confirmed_count == 4

    services.cancel(c.id)  # two places: the trio does not fit, the single behind it does
    assert (_status(trio), _status(single)) == (SignupStatus.WAITLISTED, SignupStatus.CONFIRMED)
    assert services.waitlist_position(trio) == 1
    late = services.sign_up(make.user().id, shift.id).signup  # one place left: the newcomer fits, the trio not
    assert _status(late) is SignupStatus.CONFIRMED

    services.cancel(a.id)
    services.cancel(b.id)  # two free: still too few for the trio, which stays first
    assert (_status(trio), services.waitlist_position(trio)) == (SignupStatus.WAITLISTED, 1)
    services.cancel(late.id)  # three free, and the trio is first
    assert _status(trio) is SignupStatus.CONFIRMED
    assert shift.confirmed_count == 4


def test_cancelling_a_party_frees_all_its_places(ctx, make):
    shift = make.shift(capacity=3, party_limit=2)
    party = services.sign_up(make.user().id, shift.id, party=Party(2)).signup
    services.cancel(party.id)
    assert shift.confirmed_count == 0


def test_i_cannot_come_promotes_the_first_waiting_party(app, client, db, make, clock):
    shift = make.shift(capacity=3, party_limit=1, starts_at=START, place=make.locality())
    leaving = make.signup(shift, party_size=2)
    make.signup(shift)
    first = make.signup(shift, status=SignupStatus.WAITLISTED, party_size=2, guest_names="Sami")
    second = make.signup(shift, status=SignupStatus.WAITLISTED)
    clock.set(START - timedelta(hours=3))
    _queue(app, db)
    body = _reminders(db, leaving.volunteer)[0].body
    cannot = re.search(r"https?://[^/\s]+(/shifts/reply/\S+)", body.split("I can't come")[1]).group(1)
    assert client.post(cannot).status_code == 302
    db.expire_all()
    assert db.get(Signup, leaving.id).status is SignupStatus.CANCELLED
    assert db.get(Signup, first.id).status is SignupStatus.CONFIRMED
    assert db.get(Signup, second.id).status is SignupStatus.WAITLISTED
    assert db.get(type(shift), shift.id).confirmed_count == 3


def test_the_shift_page_offers_guests_and_the_roster_names_them(client, db, make, login):
    organisation = make.organisation()
    shift = make.shift(of=make.programme(owner=organisation), capacity=6, party_limit=2)
    volunteer = make.user()
    login(volunteer)
    page = client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    assert "People coming with you" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(f"/shifts/{shift.id}/signup",
                           data={"csrf_token": token, "guests": "2", "guest_names": "Nour, Yusuf"})
    assert response.status_code == 302
    page = client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    assert "You are bringing 2 other people." in page and "Nour, Yusuf" in page
    signup = db.scalars(select(Signup).where(Signup.shift_id == shift.id)).one()
    assert signup.party_size == 3
    coordinator = make.user()
    make.grant(coordinator, Role.COORDINATOR, organisation=organisation)
    login(coordinator)
    roster = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert "with 2 others: <bdi>Nour, Yusuf</bdi>" in roster


def test_a_guest_count_beyond_the_choices_is_refused_with_a_message(client, db, make, login):
    shift = make.shift(capacity=6, party_limit=1)
    login(make.user())
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get(f"/shifts/{shift.id}").get_data(as_text=True)).group(1)
    response = client.post(f"/shifts/{shift.id}/signup", data={"csrf_token": token, "guests": "5"},
                           follow_redirects=True)
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert db.scalars(select(Signup).where(Signup.shift_id == shift.id)).first() is None


def test_the_coordinator_sets_how_many_others_a_volunteer_may_bring(client, db, make, login):
    organisation = make.organisation()
    shift = make.shift(of=make.programme(owner=organisation), capacity=4, place=make.locality())
    coordinator = make.user()
    make.grant(coordinator, Role.COORDINATOR, organisation=organisation)
    login(coordinator)
    form = client.get(f"/shifts/{shift.id}/edit").get_data(as_text=True)
    fields = dict(re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', form))
    fields.update(locality=str(shift.locality_id), centre="", party_limit="2")
    assert client.post(f"/shifts/{shift.id}/edit", data=fields).status_code == 302
    db.expire_all()
    assert db.get(type(shift), shift.id).party_limit == 2
    assert "People coming with you" in client.get(f"/shifts/{shift.id}").get_data(as_text=True)


@pytest.mark.parametrize(("language", "message"), [("ar", "اختيار غير صحيح"), ("fr", "pas un choix valide"),
                                                   ("tr", "Geçerli bir seçenek değil"), ("en", "Not a valid choice")])
def test_the_refusal_of_a_guest_count_is_worded_in_the_visitors_language(client, db, make, login, language, message):
    shift = make.shift(capacity=6, party_limit=1)
    login(make.user(locale=language))
    for _ in range(2):  # the second time from the catalogue already read
        token = re.search(r'name="csrf_token" value="([^"]+)"',
                          client.get(f"/shifts/{shift.id}").get_data(as_text=True)).group(1)
        response = client.post(f"/shifts/{shift.id}/signup", data={"csrf_token": token, "guests": "5"},
                               follow_redirects=True)
        assert message in response.get_data(as_text=True)
