"""A place given up soon before the shift that no one waiting could take: the programme's coordinators are told, in
their own language, so that they may find someone; not when the waitlist filled it, nor when they released it."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from planner.accounts.models import Role, User
from planner.notifications.models import Notification
from planner.permissions import run_by, runs_programme
from planner.volunteering.models import Programme, Shift, Signup, SignupStatus
from tests.factories import PASSWORD

NOW = datetime(2027, 3, 6, 12, 0, tzinfo=UTC)


@pytest.fixture
def soon(make, clock):
    """A shift in a day's time with its place taken; two coordinators of its organisation (one reads French), a
    coordinator of another organisation and one whose role was taken away."""
    now = clock.set(NOW)
    programme = make.programme()
    runners = [make.coordinator(of=programme.organisation, name="Lina Runner"),
               make.coordinator(of=programme.organisation, name="Luc Coordinateur", locale="fr")]
    make.coordinator(name="Other Organisation")
    former = make.user(name="Former Coordinator")
    make.grant(former, Role.COORDINATOR, organisation=programme.organisation).revoked_at = now
    shift = make.shift(of=programme, starts_at=now + timedelta(days=1), capacity=1, title="Food bank morning")
    signup = make.signup(shift, make.user(name="Hana Leaving"))
    return shift, signup, runners


def short_notices(db) -> list[Notification]:
    return db.scalars(select(Notification).where(Notification.kind == "shift.short_notice")
                      .order_by(Notification.id)).all()


def test_a_place_given_up_the_day_before_tells_the_coordinators(client, login, db, soon):
    shift, signup, (lina, luc) = soon
    login(signup.volunteer)
    client.post(f"/signups/{signup.id}/cancel")
    told = short_notices(db)
    assert [message.user_id for message in told] == [lina.id, luc.id]
    english, french = told
    assert english.subject == "A place came free at short notice: \u2068Food bank morning\u2069"
    assert "\u2068Hana Leaving\u2069 has given up their place" in english.body
    assert "no one waiting could take it. 1 place is now free." in english.body
    assert f"/shifts/{shift.id}/roster" in english.body
    assert french.language == "fr" and french.subject.startswith("Une place s’est libérée")


def test_a_place_that_goes_with_a_closing_account_is_told_without_the_name(client, login, db, soon):
    shift, signup, (lina, _luc) = soon
    login(signup.volunteer)
    client.post("/account/delete", data={"password": PASSWORD, "understood": "y"})
    assert db.get(Signup, signup.id).status is SignupStatus.CANCELLED
    english = short_notices(db)[0]
    assert english.user_id == lina.id and "Hana" not in english.body
    assert "A volunteer who has closed their account held a place on \"\u2068Food bank morning\u2069\"" in english.body
    assert "1 place is now free." in english.body


def test_no_one_is_told_a_week_ahead_nor_when_the_waitlist_takes_the_place(client, login, db, make, clock, soon):
    shift, signup, _runners = soon
    programme, week_later = shift.programme, shift.starts_at + timedelta(days=7)
    waiting = make.signup(shift, status=SignupStatus.WAITLISTED)
    login(signup.volunteer)
    client.post(f"/signups/{signup.id}/cancel")
    assert db.get(Signup, waiting.id).status is SignupStatus.CONFIRMED and short_notices(db) == []

    later = make.signup(make.shift(of=programme, starts_at=week_later), db.get(User, signup.volunteer_id))
    client.post(f"/signups/{later.id}/cancel")
    assert short_notices(db) == []


def test_a_coordinator_releasing_the_place_is_not_told_of_it(client, login, db, soon):
    shift, signup, (lina, _luc) = soon
    login(lina)
    client.post(f"/shifts/{shift.id}/roster/{signup.id}/release", data={"reason": ""})
    assert db.get(Signup, signup.id).status is SignupStatus.CANCELLED and short_notices(db) == []


def test_a_coordinator_who_turned_these_e_mails_off_is_not_told(client, login, db, make, soon):
    shift, signup, (lina, luc) = soon
    place = make.locality()
    login(lina)
    profile = client.get("/account/profile").get_data(as_text=True)
    assert "E-mail me when a volunteer gives up a place on a shift I run at short notice" in profile
    assert '<input checked id="short_notice_emails"' in profile  # on until turned off
    saved = client.post("/account/profile", data={"name": "Lina Runner", "locale": "en", "locality": str(place.id),
                                                   "shift_reminders": "y"})  # the box left unticked
    assert saved.status_code == 302 and db.get(User, lina.id).short_notice_emails is False
    login(db.get(User, signup.volunteer_id))
    client.post(f"/signups/{signup.id}/cancel")
    told = short_notices(db)
    assert [message.user_id for message in told] == [luc.id]
    assert "/account/profile" in told[0].body  # where to turn them off


def test_only_a_coordinator_is_asked_and_a_volunteer_s_save_changes_nothing_of_it(client, login, db, make):
    volunteer, place = make.user(name="Plain Volunteer"), make.locality()
    login(volunteer)
    assert "short notice" not in client.get("/account/profile").get_data(as_text=True)
    saved = client.post("/account/profile", data={"name": "Plain Volunteer", "locale": "en",
                                                   "locality": str(place.id)})
    assert saved.status_code == 302 and db.get(User, volunteer.id).short_notice_emails is True


def test_those_told_are_those_who_may_run_the_programme(db, make):
    organisation, lead, centre = make.organisation(), make.organisation(), make.centre()
    programme = make.programme(owner=organisation, centre_id=centre.id,
                               initiative_id=make.initiative(lead=lead).id)
    people = [make.coordinator(of=organisation), make.coordinator(of=lead), make.coordinator(centre=centre),
              make.coordinator(), make.user(), make.user(is_active=False)]
    make.grant(people[-1], Role.COORDINATOR, organisation=organisation)
    admin = make.user()
    make.grant(admin, Role.ADMIN)
    people.append(admin)
    db.refresh(programme)
    found = set(db.scalars(select(User.id).where(run_by(programme), User.id.in_([p.id for p in people]))))
    assert found == {person.id for person in people if person.is_active and runs_programme(person, programme)}
    assert len(found) == 3


@pytest.mark.parametrize(("notice_hours", "hours_before", "told"), [
    (24, 30, False),  # a day's notice: thirty hours before is not news yet
    (24, 20, True),
    (168, 120, True),  # a week's notice: five days before is
    (0, 1, False),  # never, not even an hour before
])
def test_each_programme_says_how_soon_before_a_shift_a_place_given_up_is_news(client, login, db, make, clock, soon,
                                                                              notice_hours, hours_before, told):
    shift, signup, (lina, luc) = soon
    db.get(Programme, shift.programme_id).short_notice_hours = notice_hours
    db.get(Shift, shift.id).starts_at = NOW + timedelta(hours=hours_before)
    db.get(Shift, shift.id).ends_at = NOW + timedelta(hours=hours_before + 3)
    db.commit()
    login(db.get(User, signup.volunteer_id))

    client.post(f"/signups/{signup.id}/cancel")

    assert db.get(Signup, signup.id).status is SignupStatus.CANCELLED
    assert [message.user_id for message in short_notices(db)] == ([lina.id, luc.id] if told else [])


def test_a_coordinator_sets_the_short_notice_on_the_programme_s_form(client, login, db, make, soon):
    shift, _signup, (lina, _luc) = soon
    programme = db.get(Programme, shift.programme_id)
    edit = f"/programmes/{programme.slug}/edit"
    login(lina)
    form = client.get(edit).get_data(as_text=True)
    assert "Tell the coordinators of a place given up this many hours or fewer before a shift" in form
    assert 'name="short_notice_hours"' in form and 'value="48"' in form

    refused = client.post(edit, data={"name": programme.name, "short_notice_hours": "999"})
    assert refused.status_code == 400 and "Number must be between 0 and 336." in refused.get_data(as_text=True)
    assert db.get(Programme, programme.id).short_notice_hours == 48

    saved = client.post(edit, data={"name": programme.name, "short_notice_hours": "24"})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    assert db.get(Programme, programme.id).short_notice_hours == 24
    assert client.post(edit, data={"name": "Renamed"}).status_code == 302  # a post without it keeps it
    assert db.get(Programme, programme.id).short_notice_hours == 24
    new = client.get("/programmes/new").get_data(as_text=True)  # a new programme starts at two days
    assert re.search(r'<input[^>]*id="short_notice_hours"[^>]*value="48"', new)
