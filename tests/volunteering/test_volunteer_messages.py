"""A coordinator writes to the volunteers of a shift from its roster: each gets the words, framed in their language."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from planner.accounts.models import Role
from planner.audit.models import AuditEvent
from planner.notifications.models import Notification
from planner.volunteering.models import Shift, ShiftStatus, SignupStatus

NOTE = "Parking has moved to the north gate.\n\nBring gloves if you have them."


@pytest.fixture
def food_bank(make, db, clock):
    """A shift with two volunteers holding a place (one reads Arabic), one waiting and one who cancelled; and its
    coordinator."""
    clock.set(datetime(2027, 4, 5, 9, tzinfo=UTC))
    organisation = make.organisation(name="Neighbours Together")
    coordinator = make.user(name="Coordinator Cora")
    make.grant(coordinator, Role.COORDINATOR, organisation=organisation)
    shift = make.shift(of=make.programme(owner=organisation), title="Saturday food bank", capacity=2,
                       starts_at=datetime(2027, 4, 10, 7, tzinfo=UTC))
    people = {name: make.user(name=name, locale=locale) for name, locale in
              (("Amal", "ar"), ("Ben", "en"), ("Waiting Wafa", "en"), ("Gone Gil", "en"))}
    make.signup(shift, people["Amal"])
    make.signup(shift, people["Ben"])
    make.signup(shift, people["Waiting Wafa"], status=SignupStatus.WAITLISTED)
    make.signup(shift, people["Gone Gil"], status=SignupStatus.CANCELLED)
    db.commit()
    return shift, coordinator, people


def sent(db) -> dict[int, Notification]:
    return {message.user_id: message for message in db.scalars(
        select(Notification).where(Notification.kind == "shift.message"))}


def write(client, shift, **fields):
    data = {"audience": "places", "subject": "Parking", "text": NOTE, **fields}
    return client.post(f"/shifts/{shift.id}/message", data=data)


def test_the_volunteers_with_a_place_get_the_coordinators_words_in_their_own_language(client, login, db, food_bank):
    shift, coordinator, people = food_bank
    login(coordinator)
    roster = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert f'href="/shifts/{shift.id}/message"' in roster and "Write to the volunteers" in roster
    assert client.get(f"/shifts/{shift.id}/message").status_code == 200

    response = write(client, shift)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/shifts/{shift.id}/roster")
    assert "Your message is on its way to 2 volunteers." in client.get(response.headers["Location"]).get_data(
        as_text=True)
    messages = sent(db)
    assert set(messages) == {people["Amal"].id, people["Ben"].id}
    english, arabic = messages[people["Ben"].id], messages[people["Amal"].id]
    assert english.subject == "\u2068Saturday food bank\u2069: \u2068Parking\u2069"
    assert NOTE in english.body and english.body.startswith("Hello \u2068Ben\u2069,")
    assert f"/shifts/{shift.id}" in english.body
    assert NOTE in arabic.body and arabic.body.startswith("مرحبًا") and arabic.language == "ar"
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "shift.message")).one()
    assert event.actor_id == coordinator.id and event.comment == NOTE and event.after["recipients"] == 2


def test_those_waiting_get_it_too_when_chosen(client, login, db, food_bank):
    shift, coordinator, people = food_bank
    login(coordinator)
    write(client, shift, audience="everyone")
    assert set(sent(db)) == {people["Amal"].id, people["Ben"].id, people["Waiting Wafa"].id}


def test_the_same_message_posted_twice_goes_once(client, login, db, food_bank):
    shift, coordinator, _people = food_bank
    login(coordinator)
    write(client, shift)
    again = write(client, shift)
    page = again.get_data(as_text=True)
    assert again.status_code == 400 and "a moment ago" in page
    assert "This could not be done" in page and "Please correct the highlighted fields" not in page  # no field is
    assert len(db.scalars(select(Notification).where(Notification.kind == "shift.message")).all()) == 2
    assert write(client, shift, subject="Parking, again").status_code == 302  # a new message goes
    page = client.get(f"/shifts/{shift.id}/message").get_data(as_text=True)
    listed = page[page.index("Messages already sent"):]  # read on the shift's clock, the latest first
    assert listed.index("Parking, again") < listed.index("<bdi>Parking</bdi>") and "to 2 volunteers" in listed
    assert "Coordinator Cora" in listed and "4/5/27" in listed


@pytest.mark.parametrize("fields, error", [
    ({"subject": ""}, "This field is required."),
    ({"text": "   "}, "This field is required."),
    ({"text": "x" * 5001}, "Field cannot be longer than 5000 characters."),
    ({"audience": "the whole city"}, "Not a valid choice."),
])
def test_an_incomplete_message_is_refused_beside_its_field_and_nothing_is_sent(client, login, db, food_bank,
                                                                                fields, error):
    shift, coordinator, _people = food_bank
    login(coordinator)
    response = write(client, shift, **fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and error in page and "Please correct the highlighted fields" in page
    assert sent(db) == {}


def test_a_cancelled_shift_or_one_with_no_volunteers_has_no_one_to_write_to(client, login, db, make, food_bank):
    shift, coordinator, _people = food_bank
    login(coordinator)
    empty = make.shift(of=db.get(Shift, shift.id).programme)
    db.commit()
    assert "no one to write to" in write(client, empty).get_data(as_text=True)
    db.get(Shift, shift.id).status = ShiftStatus.CANCELLED
    db.commit()
    assert "its volunteers were told" in write(client, shift).get_data(as_text=True)
    assert "Write to the volunteers" not in client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert sent(db) == {}


def test_only_whoever_runs_the_shift_may_write_to_its_volunteers(client, login, db, make, food_bank):
    shift, _coordinator, people = food_bank
    login(people["Ben"])
    assert client.get(f"/shifts/{shift.id}/message").status_code == 403
    assert write(client, shift).status_code == 403
    assert sent(db) == {}


@pytest.mark.parametrize("language, volunteers, told", [
    ("en", 1, "The shift is cancelled; 1 volunteer has been told."),
    ("en", 2, "The shift is cancelled; 2 volunteers have been told."),
    ("ar", 2, "أُلغيت الفترة التطوعية؛ وأُبلغ المتطوعان المسجلان فيها."),  # two, in the dual
    ("fr", 1, "Le créneau est annulé\u00a0; 1 bénévole a été prévenu."),
])
def test_a_coordinator_is_told_how_many_heard_of_a_cancellation_in_words_that_agree(client, login, db, make,
                                                                                    food_bank, language,
                                                                                    volunteers, told):
    _shift, coordinator, people = food_bank
    shift = make.shift(of=db.get(Shift, _shift.id).programme)
    for name in ("Amal", "Ben")[:volunteers]:
        make.signup(shift, people[name])
    db.commit()
    login(coordinator)
    response = client.post(f"/shifts/{shift.id}/cancel", data={"reason": "Storm"}, follow_redirects=True,
                           headers={"Accept-Language": language})
    assert told in response.get_data(as_text=True)


def test_a_long_subject_on_a_long_named_shift_is_cut_to_fit_and_still_goes(client, login, db, make, food_bank):
    """The shift's name (up to 200 characters) and the subject (up to 150) run past what a subject holds (300):
    the subject is cut with an ellipsis, rather than the database refusing the message."""
    _shift, coordinator, people = food_bank
    shift = make.shift(of=db.get(Shift, _shift.id).programme, title="Harvest " * 25)
    make.signup(shift, people["Ben"])
    db.commit()
    login(coordinator)
    assert write(client, shift, subject="Where to park " * 10 + "ok").status_code == 302
    (message,) = sent(db).values()
    assert len(message.subject) == 300 and message.subject.endswith("…")
    assert message.subject.startswith("\u2068Harvest")


def test_a_message_typed_in_a_browser_keeps_its_paragraphs(client, login, db, food_bank):
    """A browser sends a text area's line breaks as CR LF: they are kept as plain line breaks, so the e-mail's
    HTML part has the paragraphs the coordinator typed."""
    from planner.notifications.html_mail import as_html

    shift, coordinator, people = food_bank
    login(coordinator)
    write(client, shift, text=NOTE.replace("\n", "\r\n"))
    message = sent(db)[people["Ben"].id]
    assert NOTE in message.body and "\r" not in message.body
    assert '<p dir="auto">Parking has moved to the north gate.</p>' in as_html(message.body, "en", "Parking")
    assert as_html("One.\r\n\r\nTwo.", "en", "Old").count("<p ") == 2  # a message queued before, as it was typed
