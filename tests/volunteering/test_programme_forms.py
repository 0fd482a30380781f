"""Coordinators create, edit and archive programmes and shifts; validation sits beside the fields."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from planner.accounts.models import Role
from planner.audit.models import AuditEvent
from planner.clock import utcnow
from planner.notifications.models import Notification
from planner.types import RecordStatus
from planner.volunteering.models import Programme, Shift, ShiftStatus, Signup, SignupStatus, programme_languages


@pytest.fixture
def coordinator(make):
    """A coordinator of one organisation, and that organisation."""
    organisation = make.organisation(name="Neighbours Together")
    person = make.user(name="Coordinator Cora")
    make.grant(person, Role.COORDINATOR, organisation=organisation)
    return person, organisation


def test_a_coordinator_creates_a_programme_for_their_organisation(client, make, login, db, coordinator):
    person, organisation = coordinator
    initiative = make.initiative(lead=organisation, title="Green Streets")
    make.skill("test-gardening", "Gardening")
    login(person)
    page = client.get("/programmes/new").get_data(as_text=True)
    assert "Neighbours Together" in page and "Green Streets" in page
    response = client.post("/programmes/new", data={
        "owner": f"organisation:{organisation.id}", "initiative": str(initiative.id), "name": "Tree planters",
        "summary": "Planting street trees.", "skills": ["test-gardening"], "languages": ["ar", "en"],
        "status": "archived", "slug": "chosen-by-attacker", "organisation_id": "999",
    })
    assert response.status_code == 302
    programme = db.scalars(select(Programme).where(Programme.name == "Tree planters")).one()
    assert programme.organisation_id == organisation.id and programme.initiative_id == initiative.id
    assert programme.status is RecordStatus.ACTIVE and programme.slug == "tree-planters"
    assert [s.key for s in programme.skills] == ["test-gardening"]
    codes = db.scalars(select(programme_languages.c.language_code)
                       .where(programme_languages.c.programme_id == programme.id)).all()
    assert sorted(codes) == ["ar", "en"]
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "programme.create",
                                              AuditEvent.record_id == programme.id))


def test_a_centre_coordinator_creates_a_programme_run_by_the_centre(client, make, login, db):
    centre = make.centre(name="Riverside Centre")
    person = make.user()
    make.grant(person, Role.COORDINATOR, centre=centre)
    login(person)
    response = client.post("/programmes/new", data={"owner": f"centre:{centre.id}", "name": "Welcome desk"})
    assert response.status_code == 302
    programme = db.scalars(select(Programme).where(Programme.name == "Welcome desk")).one()
    assert programme.centre_id == centre.id and programme.organisation_id is None


def test_programme_errors_are_shown_beside_the_fields_and_nothing_is_saved(client, make, login, db, coordinator):
    person, organisation = coordinator
    someone_elses = make.initiative(title="Not yours")
    login(person)
    response = client.post("/programmes/new", data={
        "owner": f"organisation:{organisation.id}", "initiative": str(someone_elses.id), "name": "x"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="name-error"' in page and 'id="initiative-error"' in page
    assert db.scalar(select(Programme).where(Programme.organisation_id == organisation.id)) is None


def test_only_coordinators_can_create_programmes_and_only_for_what_they_run(client, make, login, coordinator):
    login(make.user())
    assert client.get("/programmes/new").status_code == 403
    person, _organisation = coordinator
    login(person)
    other = make.organisation()
    response = client.post("/programmes/new", data={"owner": f"organisation:{other.id}", "name": "Sneaky"})
    assert response.status_code == 400  # not one of the offered owners


def test_editing_a_programme_keeps_its_owner(client, make, login, db, coordinator):
    person, organisation = coordinator
    programme = make.programme(owner=organisation, name="Old name")
    other = make.organisation()
    login(person)
    assert "Old name" in client.get(f"/programmes/{programme.slug}/edit").get_data(as_text=True)
    response = client.post(f"/programmes/{programme.slug}/edit", data={
        "name": "New name", "owner": f"organisation:{other.id}"})
    assert response.status_code == 302
    programme = db.get(Programme, programme.id)
    assert programme.name == "New name" and programme.organisation_id == organisation.id


def test_the_edit_form_names_who_runs_it_in_the_reader_s_language_isolated(client, make, login, db, coordinator):
    person, organisation = coordinator
    organisation.translations = {"fr": {"name": "Amis du quartier"}}
    person.locale = "fr"
    programme = make.programme(owner=organisation)
    db.flush()
    login(person)
    page = client.get(f"/programmes/{programme.slug}/edit").get_data(as_text=True)
    assert "<bdi>Amis du quartier</bdi>" in page


def test_others_cannot_edit_a_programme(client, make, login):
    programme = make.programme()
    login(make.user())
    assert client.get(f"/programmes/{programme.slug}/edit").status_code == 403
    assert client.post(f"/programmes/{programme.slug}/edit", data={"name": "Taken over"}).status_code == 403


def test_archiving_a_programme_cancels_its_upcoming_shifts_and_tells_volunteers(client, make, login, db,
                                                                                coordinator):
    person, organisation = coordinator
    programme = make.programme(owner=organisation)
    shift = make.shift(of=programme)
    volunteer = make.user()
    make.signup(shift, volunteer)
    login(person)
    client.post(f"/programmes/{programme.slug}/archive")
    assert db.get(Programme, programme.id).status is RecordStatus.ARCHIVED
    assert db.get(Shift, shift.id).status is ShiftStatus.CANCELLED
    assert db.scalar(select(Notification).where(Notification.user_id == volunteer.id,
                                                Notification.kind == "shift.cancelled"))


def test_the_programme_ended_message_reaches_each_volunteer_in_their_own_language(client, make, login, db, clock,
                                                                                 coordinator):
    clock.set(datetime(2027, 5, 3, 9, tzinfo=UTC))
    person, organisation = coordinator  # archives in English
    programme = make.programme(owner=organisation)
    shift = make.shift(of=programme, starts_at=datetime(2027, 5, 10, 7, tzinfo=UTC))
    in_arabic, in_french = make.user(locale="ar"), make.user(locale="fr")
    make.signup(shift, in_arabic)
    make.signup(shift, in_french)
    login(person)
    client.post(f"/programmes/{programme.slug}/archive")
    bodies = dict(db.execute(select(Notification.user_id, Notification.body).where(
        Notification.kind == "shift.cancelled", Notification.user_id.in_([in_arabic.id, in_french.id]))).all())
    assert bodies[in_arabic.id].endswith("انتهى البرنامج التطوعي.")
    assert bodies[in_french.id].endswith("Le programme est terminé.")
    assert db.get(Shift, shift.id).cancel_reason == ""  # nothing stored in the archiver's language


def test_a_new_shift_is_entered_on_the_localitys_clock(client, make, login, db, coordinator):
    person, organisation = coordinator
    programme = make.programme(owner=organisation)
    amman = make.locality("Clock Amman", timezone="Asia/Amman")
    login(person)
    assert client.get(f"/programmes/{programme.slug}/shifts/new").status_code == 200
    day = (utcnow() + timedelta(days=20)).date()
    response = client.post(f"/programmes/{programme.slug}/shifts/new", data={
        "title": "Evening walk", "starts_at": f"{day}T18:00", "ends_at": f"{day}T20:30",
        "locality": str(amman.id), "centre": "", "place": "Front gate", "capacity": "6",
        "signup_cutoff_hours": "24", "confirmed_count": "6", "status": "cancelled",
    })
    assert response.status_code == 302
    shift = db.scalars(select(Shift).where(Shift.title == "Evening walk")).one()
    assert shift.starts_at == datetime(day.year, day.month, day.day, 15, 0, tzinfo=UTC)  # Amman is UTC+3
    assert shift.ends_at - shift.starts_at == timedelta(hours=2, minutes=30)
    assert shift.signup_cutoff_at == shift.starts_at - timedelta(hours=24)
    assert shift.confirmed_count == 0 and shift.status is ShiftStatus.SCHEDULED


@pytest.mark.parametrize("change, field, message", [
    ({"ends_at": "T08:00"}, "ends_at", "must end after it starts"),
    ({"capacity": "0"}, "capacity", "Number must be between"),
    ({"title": ""}, "title", "This field is required"),
    ({"starts_at": "yesterday"}, "starts_at", "Not a valid datetime"),
    ({"locality": "999999"}, "locality", "Choose one of the listed places"),
], ids=["ends-before-start", "no-places", "no-title", "bad-date", "unknown-place"])
def test_shift_errors_are_shown_beside_the_field(client, make, login, db, coordinator, change, field, message):
    person, organisation = coordinator
    programme = make.programme(owner=organisation)
    place = make.locality()
    login(person)
    day = (utcnow() + timedelta(days=5)).date()
    data = {"title": "Shift", "starts_at": f"{day}T09:00", "ends_at": f"{day}T12:00", "locality": str(place.id),
            "capacity": "3", "signup_cutoff_hours": "0"}
    data.update({k: f"{day}{v}" if v.startswith("T") else v for k, v in change.items()})
    response = client.post(f"/programmes/{programme.slug}/shifts/new", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and message in page
    assert db.scalar(select(Shift).where(Shift.programme_id == programme.id)) is None


@pytest.mark.parametrize(("zone", "starts", "ends", "field", "message"), [
    ("America/Montreal", "9999-12-31T20:00", "9999-12-31T23:59", "starts_at", "at most 5 years ahead"),
    ("America/Montreal", "2027-03-01T09:00", "9999-12-31T23:59", "ends_at", "at most 5 years ahead"),
    ("America/Montreal", "2062-03-01T09:00", "2062-03-01T12:00", "starts_at", "at most 5 years ahead"),
    ("Asia/Amman", "0001-01-01T00:00", "0001-01-01T03:00", "starts_at", "that date is long past"),
], ids=["end-of-the-calendar", "ends-at-the-end-of-the-calendar", "a-slip-of-the-finger", "start-of-the-calendar"])
@pytest.mark.parametrize("repeat", ["", "weekly"])
def test_a_year_typed_wrong_is_refused_beside_its_field(client, make, login, db, clock, coordinator, zone, starts,
                                                        ends, field, message, repeat):
    clock.set(datetime(2027, 2, 1, 9, tzinfo=UTC))
    person, organisation = coordinator
    programme = make.programme(owner=organisation)
    place = make.locality(timezone=zone)
    login(person)
    response = client.post(f"/programmes/{programme.slug}/shifts/new", data={
        "title": "Sorting day", "starts_at": starts, "ends_at": ends, "locality": str(place.id), "capacity": "3",
        "signup_cutoff_hours": "0", "repeat": repeat, "weekdays": "0", "ends": "until", "until": "9999-12-31"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and message in page
    assert db.scalar(select(Shift).where(Shift.programme_id == programme.id)) is None


def test_a_shift_cannot_start_in_a_gap_made_by_the_clocks_going_forward(client, make, login):
    organisation = make.organisation(country_code="FR")
    person = make.user()
    make.grant(person, Role.COORDINATOR, organisation=organisation)
    programme = make.programme(owner=organisation)
    paris = make.locality("Clock Paris", country_code="FR", timezone="Europe/Paris")
    login(person)
    year = utcnow().year + 1
    response = client.post(f"/programmes/{programme.slug}/shifts/new", data={
        "title": "Spring shift", "starts_at": f"{year}-03-{_last_sunday(year, 3):02d}T02:30",
        "ends_at": f"{year}-03-{_last_sunday(year, 3):02d}T05:00", "locality": str(paris.id),
        "capacity": "3", "signup_cutoff_hours": "0"})
    assert response.status_code == 400
    assert "clocks go forward" in response.get_data(as_text=True)


def _last_sunday(year: int, month: int) -> int:
    day = datetime(year, month, 31)
    return 31 - (day.weekday() + 1) % 7


def test_capacity_cannot_drop_below_confirmed_places(client, make, login, db, coordinator):
    person, organisation = coordinator
    shift = make.shift(of=make.programme(owner=organisation), capacity=3)
    make.signup(shift)
    make.signup(shift)
    data = _form_of(shift, capacity="1")
    login(person)
    page = client.get(f"/shifts/{shift.id}/edit").get_data(as_text=True)
    assert 'value="3"' in page
    response = client.post(f"/shifts/{shift.id}/edit", data=data)
    assert response.status_code == 400
    assert "2 volunteers already have a place" in response.get_data(as_text=True)
    assert db.get(Shift, shift.id).capacity == 3


def test_more_places_go_to_the_waitlist_in_order(client, make, login, db, coordinator):
    person, organisation = coordinator
    shift = make.shift(of=make.programme(owner=organisation), capacity=1)
    make.signup(shift)
    first = make.signup(shift, status=SignupStatus.WAITLISTED)
    second = make.signup(shift, status=SignupStatus.WAITLISTED)
    data = _form_of(shift, capacity="2")
    login(person)
    assert client.post(f"/shifts/{shift.id}/edit", data=data).status_code == 302
    assert db.get(Signup, first.id).status is SignupStatus.CONFIRMED
    assert db.get(Signup, second.id).status is SignupStatus.WAITLISTED
    assert db.get(Shift, shift.id).confirmed_count == 2


def test_cancelling_a_shift_tells_everyone_on_it(client, make, login, db, coordinator):
    person, organisation = coordinator
    shift = make.shift(of=make.programme(owner=organisation), capacity=1)
    confirmed, waiting = make.signup(shift), make.signup(shift, status=SignupStatus.WAITLISTED)
    login(person)
    assert "Cancel the shift" in client.get(f"/shifts/{shift.id}/cancel").get_data(as_text=True)
    page = client.post(f"/shifts/{shift.id}/cancel", data={"reason": "Storm warning."},
                       follow_redirects=True).get_data(as_text=True)
    assert "This shift has been cancelled." in page and "Storm warning." in page
    for signup in (confirmed, waiting):
        message = db.scalar(select(Notification).where(Notification.user_id == signup.volunteer_id))
        assert message.kind == "shift.cancelled" and "Storm warning." in message.body


def test_each_volunteer_reads_a_cancellation_in_their_own_digits_not_the_coordinators(client, make, login, db,
                                                                                      clock, coordinator):
    clock.set(datetime(2027, 5, 3, 9, tzinfo=UTC))
    person, organisation = coordinator
    person.digits = "arab"  # the coordinator reads Arabic-Indic digits on the pages
    shift = make.shift(of=make.programme(owner=organisation), starts_at=datetime(2027, 5, 10, 7, tzinfo=UTC))
    western = make.signup(shift).volunteer
    eastern = make.signup(shift, volunteer=make.user(locale="ar", digits="arab")).volunteer
    db.commit()
    login(person)
    client.post(f"/shifts/{shift.id}/cancel", data={"reason": "Storm warning."})
    bodies = {user_id: re.sub("\u2068.*?\u2069", "", body) for user_id, body in db.execute(  # names left out
        select(Notification.user_id, Notification.body).where(Notification.kind == "shift.cancelled"))}
    assert re.search("[0-9]", bodies[western.id]) and not re.search("[٠-٩]", bodies[western.id])
    assert re.search("[٠-٩]", bodies[eastern.id]) and not re.search("[0-9]", bodies[eastern.id])


def test_volunteers_cannot_manage_shifts(client, make, login):
    shift = make.shift()
    paths = (f"/shifts/{shift.id}/edit", f"/shifts/{shift.id}/cancel", f"/shifts/{shift.id}/roster",
             f"/shifts/{shift.id}/roster.csv", f"/programmes/{shift.programme.slug}/shifts/new")
    login(make.user())
    for path in paths:
        assert client.get(path).status_code == 403, path
    assert client.post(f"/shifts/{shift.id}/cancel", data={"reason": "no"}).status_code == 403


def _form_of(shift, **changes) -> dict:
    from planner.clock import to_local

    zone = shift.locality.timezone
    data = {"title": shift.title, "starts_at": to_local(shift.starts_at, zone).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": to_local(shift.ends_at, zone).strftime("%Y-%m-%dT%H:%M"), "locality": str(shift.locality_id),
            "centre": "", "place": shift.place, "capacity": str(shift.capacity), "signup_cutoff_hours": "0"}
    data.update(changes)
    return data
