"""Signing up and cancelling through the pages, and a volunteer's own shifts, hours and CSV."""
from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from planner.clock import utcnow
from planner.initiatives.models import InitiativeStatus
from planner.notifications.models import Notification
from planner.volunteering.models import Signup, SignupStatus


def test_a_volunteer_signs_up_and_sees_they_are_confirmed(client, make, login, db):
    shift = make.shift(capacity=3, title="Park clean-up")
    volunteer = make.user()
    login(volunteer)
    page = client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    assert "Park clean-up" in page and "Sign up" in page
    response = client.post(f"/shifts/{shift.id}/signup", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "You have a place on this shift" in page
    assert "You are confirmed for this shift." in page
    assert db.scalar(select(Signup.status).where(Signup.volunteer_id == volunteer.id)) is SignupStatus.CONFIRMED


def test_a_full_shift_tells_the_volunteer_their_waitlist_position(client, make, login):
    shift = make.shift(capacity=1)
    make.signup(shift)
    make.signup(shift, status=SignupStatus.WAITLISTED)
    login(make.user())
    page = client.post(f"/shifts/{shift.id}/signup", follow_redirects=True).get_data(as_text=True)
    assert "You are number 2 on the waitlist" in page


def test_signing_up_twice_gets_a_clear_message(client, make, login):
    shift = make.shift()
    login(make.user())
    client.post(f"/shifts/{shift.id}/signup")
    page = client.post(f"/shifts/{shift.id}/signup", follow_redirects=True).get_data(as_text=True)
    assert "You are already signed up for this shift." in page


def test_an_overlapping_shift_is_refused_with_the_clash_named(client, make, login):
    start = (utcnow() + timedelta(days=4)).replace(microsecond=0)
    first = make.shift(starts_at=start, title="Morning reading club")
    second = make.shift(starts_at=start + timedelta(hours=1))
    login(make.user())
    client.post(f"/shifts/{first.id}/signup")
    page = client.post(f"/shifts/{second.id}/signup", follow_redirects=True).get_data(as_text=True)
    assert "Morning reading club" in page and "overlaps" in page


def test_a_past_shift_refuses_sign_ups_with_a_clear_message(client, make, login):
    shift = make.shift(starts_at=utcnow() - timedelta(days=2))
    login(make.user())
    page = client.post(f"/shifts/{shift.id}/signup", follow_redirects=True).get_data(as_text=True)
    assert "already started or taken place" in page


def test_cancelling_promotes_the_first_waiting_volunteer_and_queues_their_email(client, make, login, db):
    shift = make.shift(capacity=1)
    holder, waiting = make.user(), make.user()
    place = make.signup(shift, holder)
    queued = make.signup(shift, waiting, status=SignupStatus.WAITLISTED)
    login(holder)
    page = client.post(f"/signups/{place.id}/cancel", follow_redirects=True).get_data(as_text=True)
    assert "Your sign-up is cancelled." in page
    db.expire_all()
    assert db.get(Signup, queued.id).status is SignupStatus.CONFIRMED
    kinds = db.scalars(select(Notification.kind).where(Notification.user_id == waiting.id)).all()
    assert kinds == ["signup.promoted"]


def test_nobody_can_cancel_someone_elses_sign_up(client, make, login, db):
    place = make.signup(make.shift())
    login(make.user())
    assert client.post(f"/signups/{place.id}/cancel").status_code == 404
    db.expire_all()
    assert db.get(Signup, place.id).status is SignupStatus.CONFIRMED


def test_signing_up_needs_a_login(client, make, db):
    shift = make.shift()
    db.commit()
    response = client.post(f"/shifts/{shift.id}/signup")
    assert response.status_code == 302
    assert db.scalar(select(Signup).where(Signup.shift_id == shift.id)) is None


def test_sign_up_forms_need_their_csrf_token(client, make, login, csrf_on):
    shift = make.shift()
    login(make.user())
    assert client.post(f"/shifts/{shift.id}/signup").status_code == 400
    page = client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    assert 'name="csrf_token"' in page


def test_shifts_of_unpublished_initiatives_are_hidden(client, make, db):
    draft = make.initiative(status=InitiativeStatus.DRAFT)
    shift = make.shift(of=make.programme(initiative_id=draft.id))
    db.commit()
    assert client.get(f"/shifts/{shift.id}").status_code == 404
    assert client.get("/shifts/999999").status_code == 404


def test_my_shifts_shows_upcoming_history_and_verified_hours(client, make, login):
    volunteer = make.user()
    food = make.programme(name="Food bank")
    past = make.shift(of=food, starts_at=utcnow() - timedelta(days=10), title="Last month's sorting")
    make.signup(past, volunteer, status=SignupStatus.ATTENDED, hours=Decimal("2.50"), hours_verified_at=utcnow())
    other = make.shift(of=make.programme(name="Homework club"), starts_at=utcnow() - timedelta(days=3))
    make.signup(other, volunteer, status=SignupStatus.ATTENDED, hours=Decimal("1.25"), hours_verified_at=utcnow())
    make.signup(make.shift(of=food, title="Next week's sorting"), volunteer)
    login(volunteer)
    page = client.get("/me/shifts").get_data(as_text=True)
    assert "Next week&#39;s sorting" in page and "Last month&#39;s sorting" in page
    assert "3.75 hours in total" in page
    assert "Food bank" in page and "2.5" in page and "1.25" in page


def test_my_hours_name_each_programme_in_my_language_in_its_order(client, make, login, db):
    volunteer = make.user(locale="fr")
    for name, french in (("Apple pressing", None), ("Zebra crossing patrol", "Abeilles du passage")):
        programme = make.programme(name=name, translations={"fr": {"name": french}} if french else {})
        shift = make.shift(of=programme, starts_at=utcnow() - timedelta(days=3))
        make.signup(shift, volunteer, status=SignupStatus.ATTENDED, hours=Decimal("2"), hours_verified_at=utcnow())
    db.commit()
    login(volunteer)
    page = client.get("/me/shifts").get_data(as_text=True)
    assert "Zebra crossing" not in page
    assert page.index("Abeilles du passage") < page.index("Apple pressing")  # in the order a French reader reads


def test_my_hours_export_is_a_safe_csv(client, make, login):
    volunteer = make.user()
    shift = make.shift(starts_at=utcnow() - timedelta(days=2), title="=HYPERLINK(\"http://x\")")
    make.signup(shift, volunteer, status=SignupStatus.ATTENDED, hours=Decimal("3.00"), hours_verified_at=utcnow())
    login(volunteer)
    response = client.get("/me/hours.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Date", "Programme", "Shift"]
    assert rows[1][2].startswith("'=HYPERLINK")
    assert rows[1][4] == "3.00"


def test_my_pages_need_a_login(client):
    for path in ("/me/shifts", "/me/hours.csv", "/me/calendar"):
        assert client.get(path).status_code == 302
