"""What a volunteer gets away from the pages (e-mails, refusals, calendar feeds, the hours CSV, certificates) names
shifts, programmes, places and organisations in their language where the records have it, as the pages do."""
from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from email import message_from_bytes
from email.policy import default

import pytest
from icalendar import Calendar
from sqlalchemy import select

from planner.notifications.models import Notification
from planner.volunteering import certificates
from planner.volunteering.models import SignupStatus

FSI, PDI = "\u2068", "\u2069"
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def garden(make, db, clock):
    """A programme, its organisation and a shift, each named in English with a French text beside it."""
    clock.set(NOW)
    organisation = make.organisation(name="Ksarzed Friends", translations={"fr": {"name": "Amis de Ksarzed"}})
    programme = make.programme(name="Garden crews", owner=organisation,
                               translations={"fr": {"name": "Équipes des jardins"}})
    shift = make.shift(of=programme, title="Saturday planting", place=make.locality("Ksarzed", "TR", "Europe/Istanbul"),
                       starts_at=datetime(2027, 3, 5, 22, 30, tzinfo=UTC),  # Saturday 01:30 in Istanbul
                       translations={"fr": {"title": "Plantation du samedi", "place": "Porte nord"}})
    shift.place = "North gate"
    db.flush()
    return organisation, programme, shift


def summaries(body: bytes) -> list[str]:
    return [str(event.get("summary")) for event in Calendar.from_ical(body).walk("VEVENT")]


def test_the_confirmation_names_the_shift_programme_and_place_in_the_volunteer_s_language(client, make, login, db,
                                                                                          garden):
    _organisation, _programme, shift = garden
    login(make.user(locale="fr"))
    client.post(f"/shifts/{shift.id}/signup")
    mail = db.scalars(select(Notification).where(Notification.kind == "signup.confirmed")).one()
    assert f"{FSI}Plantation du samedi{PDI}" in mail.subject
    assert f"{FSI}Équipes des jardins{PDI}" in mail.body and "Porte nord" in mail.body
    assert "Saturday planting" not in mail.subject + mail.body


def test_a_clash_is_refused_naming_the_other_shift_in_the_reader_s_language(client, make, login, garden):
    _organisation, programme, shift = garden
    volunteer = make.user(locale="fr")
    make.signup(shift, volunteer)
    same_time = make.shift(of=programme, starts_at=shift.starts_at, title="Watering")
    login(volunteer)
    page = client.post(f"/shifts/{same_time.id}/signup", follow_redirects=True).get_data(as_text=True)
    assert f"{FSI}Plantation du samedi{PDI}" in page and "Saturday planting" not in page


def test_calendar_feeds_name_shifts_in_their_reader_s_language(client, make, login, garden):
    _organisation, programme, shift = garden
    volunteer = make.user(locale="fr")
    make.signup(shift, volunteer)
    login(volunteer)
    client.post("/me/calendar/reset")
    page = client.get("/me/calendar").get_data(as_text=True)
    link = re.search(r'value="https?://[^/"]+(/calendar/[^"]+\.ics)"', page)
    client.post("/logout")
    private = client.get(link.group(1), headers={"Accept-Language": "en"}).data  # the app asks in English
    assert summaries(private) == ["Plantation du samedi · Équipes des jardins"]
    assert "Porte nord" in Calendar.from_ical(private).walk("VEVENT")[0].get("location")
    public = f"/programmes/{programme.slug}/shifts.ics"
    assert summaries(client.get(public, headers={"Accept-Language": "fr"}).data) == [
        "Plantation du samedi · Équipes des jardins"]
    assert summaries(client.get(public, headers={"Accept-Language": "en"}).data) == ["Saturday planting · Garden crews"]


def test_the_hours_csv_names_and_dates_each_shift_as_its_page_does(client, make, login, garden):
    _organisation, _programme, shift = garden
    volunteer = make.user(locale="fr")
    make.signup(shift, volunteer, status=SignupStatus.ATTENDED, hours=Decimal("2.00"),
                hours_verified_at=datetime(2027, 3, 6, 21, 30, tzinfo=UTC))  # 00:30 on the 7th in Istanbul
    login(volunteer)
    rows = list(csv.reader(io.StringIO(client.get("/me/hours.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1][:3] == ["2027-03-06", "Équipes des jardins", "Plantation du samedi"]  # the day in Ksarzed
    assert rows[1][5] == "2027-03-07"


def test_a_certificate_names_the_programme_and_organisation_in_its_language(app, db, make, garden):
    organisation, programme, shift = garden
    volunteer = make.user()
    make.signup(shift, volunteer, status=SignupStatus.ATTENDED, hours=Decimal("2.00"), hours_verified_at=NOW)
    db.commit()
    with app.test_request_context():
        french = certificates.issue(volunteer, certificates.Scope(programme.id), "Rania", "fr")
        english = certificates.issue(volunteer, certificates.Scope(programme.id), "Rania", "en")
    assert (french.programme_name, french.organisation_name) == ("Équipes des jardins", "Amis de Ksarzed")
    assert (english.programme_name, english.organisation_name) == ("Garden crews", "Ksarzed Friends")
    assert re.fullmatch(r"[A-Z2-9]{10}", french.code)


def test_the_worker_names_the_shift_in_the_reader_s_language_in_reminders_and_calendar_events(
        app, db, make, smtp_server, garden):
    """The worker words its messages with no page being made: its reminders and the events it attaches read as the
    volunteer reads, not in the records' original language."""
    from planner.notifications.worker import SmtpMailer, send_due
    from planner.volunteering import reminders, services

    _organisation, _programme, shift = garden
    reminded, joining = make.user(locale="fr"), make.user(locale="fr")
    make.signup(shift, reminded)
    shift.capacity = 5
    db.commit()
    url, inbox = smtp_server()
    with app.app_context():  # as the worker's command runs: no request
        reminders.queue_due_reminders(shift.starts_at - timedelta(hours=3))
        services.sign_up(joining.id, shift.id, now=NOW)  # its confirmation's event is made as it is sent
        db.commit()
        send_due(SmtpMailer(url, "planner@example.org"))
    received = [message_from_bytes(envelope.content, policy=default) for envelope in inbox.received]
    assert len(received) == 2
    for message in received:
        assert f"{FSI}Plantation du samedi{PDI}" in message["Subject"]
        body = message.get_body(("plain",)).get_content()
        assert f"{FSI}Équipes des jardins{PDI}" in body and "Porte nord" in body and "Saturday planting" not in body
    [event] = [event for message in received for part in message.iter_attachments()
               for event in Calendar.from_ical(part.get_content()).walk("VEVENT")]
    assert str(event["summary"]) == "Plantation du samedi · Équipes des jardins"
