"""Hours given outside the shifts: logged by the volunteer, verified or declined by a coordinator of the programme,
and once verified counted on the volunteer's pages, in the programme's report and on certificates."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from planner.accounts.models import Role
from planner.audit.models import AuditEvent
from planner.notifications.models import Notification
from planner.volunteering import certificate_pdf
from planner.volunteering.models import Certificate, LoggedHours, LoggedHoursStatus
from tests.factories import PASSWORD

NOW = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)


def _token(client, address: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(address).get_data(as_text=True)).group(1)


@pytest.fixture
def programme_and_people(make, db, clock):
    """A public programme with its coordinator, and a volunteer."""
    clock.set(NOW, tick=False)
    organisation = make.organisation()
    programme = make.programme(name="Welcome desk", owner=organisation)
    coordinator, volunteer = make.user(name="Cora"), make.user(name="Nour Haddad")
    make.grant(coordinator, Role.COORDINATOR, organisation=organisation)
    db.commit()
    return programme, coordinator, volunteer


def _log(client, programme, **fields):
    address = f"/programmes/{programme.slug}/log-hours"
    data = {"worked_on": "2027-03-08", "hours": "2.5", "description": "Translated the welcome leaflet", **fields}
    return client.post(address, data={"csrf_token": _token(client, address), **data}, follow_redirects=True)


def test_a_volunteer_logs_hours_that_count_once_a_coordinator_verifies_them(client, db, login, programme_and_people):
    programme, coordinator, volunteer = programme_and_people
    login(volunteer)
    assert "Log hours you gave" in client.get(f"/programmes/{programme.slug}").get_data(as_text=True)
    form = client.get(f"/programmes/{programme.slug}/log-hours").get_data(as_text=True)
    assert 'value="2027-03-10"' in form  # today, on the volunteer's calendar
    assert re.search(r'<textarea[^>]*id="description"[^>]*required', form)  # asked for, as the service does
    page = _log(client, programme).get_data(as_text=True)
    assert "Your hours are logged." in page and "Waiting for a coordinator" in page
    assert "0 hours in total" in client.get("/me/shifts").get_data(as_text=True)  # not counted yet

    login(coordinator)
    assert "1 log of hours to verify" in client.get("/me").get_data(as_text=True)
    queue = client.get(f"/programmes/{programme.slug}/logged-hours").get_data(as_text=True)
    assert "Nour Haddad" in queue and "Translated the welcome leaflet" in queue
    entry = db.scalars(select(LoggedHours)).one()
    done = client.post(f"/logged-hours/{entry.id}/verify", follow_redirects=True,
                       data={"csrf_token": _token(client, f"/programmes/{programme.slug}/logged-hours"),
                             "hours": "2"})  # corrected
    assert "Verified: 2 hours of" in done.get_data(as_text=True)
    db.expire_all()
    entry = db.get(LoggedHours, entry.id)
    assert entry.status is LoggedHoursStatus.VERIFIED and entry.hours == Decimal("2.00")
    assert entry.decided_by_id == coordinator.id
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "logged_hours.verify"))
    told = db.scalars(select(Notification).where(Notification.user_id == volunteer.id)).one()
    assert told.kind == "logged_hours.verified" and "the 2 hours you gave on March 8, 2027" in told.body

    report = client.get(f"/programmes/{programme.slug}/hours?year=2027").get_data(as_text=True)
    assert "Of them, logged outside the shifts" in report and "Nour Haddad" in report

    login(volunteer)
    assert "2 hours in total" in client.get("/me/shifts").get_data(as_text=True)
    assert "Verified" in client.get("/me/logged-hours").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(client.get("/me/hours.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[-1] == ["2027-03-08", "Welcome desk", "Outside the shifts", "Verified", "2.00", "2027-03-10"]


def test_a_declined_log_says_why_and_counts_nothing(client, db, login, make, programme_and_people):
    programme, coordinator, volunteer = programme_and_people
    entry = make.logged_hours(volunteer, programme, worked_on=date(2027, 3, 1))
    db.commit()
    login(coordinator)
    client.post(f"/logged-hours/{entry.id}/decline",
                data={"csrf_token": _token(client, f"/programmes/{programme.slug}/logged-hours"),
                      "reason": "We had no stand that day"})
    told = db.scalars(select(Notification).where(Notification.user_id == volunteer.id)).one()
    assert "We had no stand that day" in told.body and told.kind == "logged_hours.declined"
    again = client.post(f"/logged-hours/{entry.id}/verify", follow_redirects=True,
                        data={"csrf_token": _token(client, f"/programmes/{programme.slug}/logged-hours")})
    assert "These hours have already been decided on." in again.get_data(as_text=True)

    login(volunteer)
    mine = client.get("/me/logged-hours").get_data(as_text=True)
    assert "Not accepted" in mine and "We had no stand that day" in mine and "Withdraw" not in mine
    assert "0 hours in total" in client.get("/me/shifts").get_data(as_text=True)


@pytest.mark.parametrize("fields, message", [
    ({"worked_on": "2027-03-11"}, "Hours can be logged once they are given"),  # tomorrow
    ({"worked_on": "2026-01-02"}, "Hours older than a year cannot be logged."),
    ({"hours": "25"}, "Enter more than 0 and at most 24 hours."),
    ({"hours": "0.001"}, "Enter more than 0 and at most 24 hours."),
    ({"hours": "NaN"}, "Enter a number."),
    ({"description": "   "}, "Say in a few words what you did."),
])
def test_hours_that_cannot_be_given_are_refused_beside_their_field(client, db, login, programme_and_people,
                                                                  fields, message):
    programme, _coordinator, volunteer = programme_and_people
    login(volunteer)
    response = _log(client, programme, **fields)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.scalars(select(LoggedHours)).first() is None


def test_a_day_holds_at_most_24_hours_across_what_was_logged(client, db, login, make, programme_and_people):
    programme, _coordinator, volunteer = programme_and_people
    make.logged_hours(volunteer, programme, hours="20", worked_on=date(2027, 3, 8))
    make.logged_hours(volunteer, programme, hours="10", worked_on=date(2027, 3, 8), status=LoggedHoursStatus.DECLINED)
    db.commit()
    login(volunteer)
    refused = _log(client, programme, hours="5")
    assert "You have already logged 20 hours on that day; a day has 24." in refused.get_data(as_text=True)
    assert _log(client, programme, hours="4").status_code == 200  # the declined ten do not count


def test_only_another_coordinator_of_the_programme_decides(client, db, login, make, programme_and_people):
    programme, coordinator, volunteer = programme_and_people
    theirs = make.logged_hours(volunteer, programme)
    own = make.logged_hours(coordinator, programme)  # a coordinator who volunteers too
    stranger = make.coordinator()  # of another organisation
    db.commit()
    login(coordinator)
    queue = client.get(f"/programmes/{programme.slug}/logged-hours").get_data(as_text=True)
    assert "Your own hours: another coordinator decides on them." in queue
    token = _token(client, f"/programmes/{programme.slug}/logged-hours")
    assert client.post(f"/logged-hours/{own.id}/verify", data={"csrf_token": token}).status_code == 403
    login(stranger)
    token = _token(client, "/me")
    assert client.post(f"/logged-hours/{theirs.id}/verify", data={"csrf_token": token}).status_code == 403
    assert client.get(f"/programmes/{programme.slug}/logged-hours").status_code == 403
    login(volunteer)
    assert client.post(f"/logged-hours/{theirs.id}/verify", data={"csrf_token": token}).status_code == 403
    db.expire_all()
    assert {entry.status for entry in db.scalars(select(LoggedHours))} == {LoggedHoursStatus.PENDING}


def test_the_volunteer_withdraws_what_waits_and_no_one_else_may(client, db, login, make, programme_and_people):
    programme, coordinator, volunteer = programme_and_people
    entry = make.logged_hours(volunteer, programme)
    db.commit()
    login(coordinator)
    token = _token(client, "/me")
    assert client.post(f"/logged-hours/{entry.id}/withdraw", data={"csrf_token": token}).status_code == 404
    login(volunteer)
    done = client.post(f"/logged-hours/{entry.id}/withdraw", follow_redirects=True,
                       data={"csrf_token": _token(client, "/me/logged-hours")})
    assert "Those hours are withdrawn." in done.get_data(as_text=True)
    assert db.get(LoggedHours, entry.id) is None


def test_verified_logged_hours_are_certified_and_counted_in_their_year(client, db, login, make, programme_and_people):
    programme, _coordinator, volunteer = programme_and_people
    make.logged_hours(volunteer, programme, hours="3.5", worked_on=date(2026, 12, 31),
                      status=LoggedHoursStatus.VERIFIED, decided_at=NOW)
    db.commit()
    login(volunteer)
    page = client.get("/me/certificates").get_data(as_text=True)
    assert '<option value="2026">' in page and "Welcome desk" in page
    issued = client.post("/me/certificates", follow_redirects=True,
                         data={"csrf_token": _token(client, "/me/certificates"), "year": "2026", "programme": "",
                               "name": "Nour Haddad", "language": "en"})
    assert issued.status_code == 200
    code = re.search(r"/certificates/([A-Z0-9]{5}-?[A-Z0-9]{5})", issued.get_data(as_text=True)).group(1)
    public = client.get(f"/certificates/{code}").get_data(as_text=True)
    assert "<dd>3.5</dd>" in public and "Of them, logged outside the shifts" in public
    certificate = db.scalars(select(Certificate)).one()
    assert (certificate.hours, certificate.shifts, certificate.logged_hours) == (Decimal("3.50"), 0, Decimal("3.50"))


@pytest.mark.parametrize("shifts, logged, language, sentence", [
    (0, "3.50", "en", "gave 5.5 verified hours of volunteering outside the shifts."),
    (1, "0.00", "en", "gave 5.5 verified hours of volunteering, over 1 shift."),
    (3, "2.00", "en", "gave 5.5 verified hours of volunteering: over 3 shifts, and 2 hours outside the shifts."),
    (3, "2.00", "fr", "a donné 5,5 heures de bénévolat vérifiées\u00a0: en 3 créneaux, et 2 heures en dehors des "
                      "créneaux."),
])
def test_a_certificate_says_how_many_of_its_hours_were_given_outside_the_shifts(app, shifts, logged, language,
                                                                                 sentence):
    certificate = Certificate(hours=Decimal("5.50"), shifts=shifts, logged_hours=Decimal(logged))
    with app.test_request_context(), force_locale(language):
        assert certificate_pdf.what_was_given(certificate, language) == sentence


def test_logged_hours_are_exported_and_go_with_a_closed_account(client, db, login, make, programme_and_people):
    programme, _coordinator, volunteer = programme_and_people
    waiting = make.logged_hours(volunteer, programme, description="Waiting one")
    decided = make.logged_hours(volunteer, programme, description="Decided one", status=LoggedHoursStatus.VERIFIED,
                                decided_at=NOW)
    db.commit()
    login(volunteer)
    exported = json.loads(client.post("/account/export").get_data(as_text=True))
    assert sorted(item["description"] for item in exported["hours_logged"]) == ["Decided one", "Waiting one"]
    assert client.post("/account/delete", data={"password": PASSWORD, "understood": "y"}).status_code == 302
    db.expire_all()
    assert db.get(LoggedHours, waiting.id) is None
    assert db.get(LoggedHours, decided.id).description == "" and db.get(LoggedHours, decided.id).hours == 2


def test_a_coordinator_records_hours_told_by_telephone_verified_at_once(client, db, login, make, programme_and_people):
    programme, coordinator, volunteer = programme_and_people
    login(coordinator)
    address = f"/programmes/{programme.slug}/logged-hours"
    recorded = client.post(address, follow_redirects=True, data={
        "csrf_token": _token(client, address), "email": f"  {volunteer.email.upper()} ", "worked_on": "2027-03-09",
        "hours": "3", "description": "Drove the donated chairs to the centre"})
    assert "Recorded and verified: 3 hours of" in recorded.get_data(as_text=True)
    entry = db.scalars(select(LoggedHours)).one()
    assert (entry.volunteer_id, entry.status, entry.decided_by_id) == (
        volunteer.id, LoggedHoursStatus.VERIFIED, coordinator.id)
    assert db.scalars(select(Notification).where(Notification.user_id == volunteer.id)).one().kind == (
        "logged_hours.verified")

    for fields, said in (({"email": "nobody@example.org"}, "No open account uses this address"),
                         ({"email": coordinator.email}, "Log your own hours from the programme"),
                         ({"worked_on": "2027-03-11"}, "Hours can be logged once they are given")):
        refused = client.post(address, data={"csrf_token": _token(client, address), "email": volunteer.email,
                                             "worked_on": "2027-03-09", "hours": "1", "description": "More",
                                             **fields})
        assert refused.status_code == 400 and said in refused.get_data(as_text=True), fields
    assert len(db.scalars(select(LoggedHours)).all()) == 1
