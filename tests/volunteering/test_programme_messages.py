"""A coordinator writes to the volunteers of every coming shift of a programme: one message each, with their shifts."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from planner.accounts.models import Role
from planner.audit.models import AuditEvent
from planner.notifications.models import Notification
from planner.types import RecordStatus
from planner.volunteering.models import Programme, ShiftStatus, SignupStatus

NOTE = "The spring season starts with a short briefing.\n\nPlease bring water."
NOW = datetime(2027, 4, 5, 9, tzinfo=UTC)


@pytest.fixture
def gardens(make, db, clock):
    """A programme with two coming shifts, one under way, one past and one cancelled; its volunteers in English and
    Arabic, one waiting; and a volunteer of another programme of the same organisation."""
    clock.set(NOW)
    organisation = make.organisation(name="Green Hands")
    coordinator = make.user(name="Coordinator Cora")
    make.grant(coordinator, Role.COORDINATOR, organisation=organisation)
    programme = make.programme(name="Community gardens", owner=organisation)
    shifts = {title: make.shift(of=programme, title=title, starts_at=NOW + offset, capacity=3)
              for title, offset in (("Planting day", timedelta(days=3)), ("Watering round", timedelta(days=10)),
                                    ("Morning weeding", timedelta(hours=-1)), ("Last autumn", timedelta(days=-30)),
                                    ("Rained off", timedelta(days=5)))}
    shifts["Rained off"].status = ShiftStatus.CANCELLED
    people = {name: make.user(name=name, locale=locale) for name, locale in (
        ("Amal", "ar"), ("Ben", "en"), ("Waiting Wafa", "en"), ("Past Pia", "en"), ("Gone Gil", "en"),
        ("Rain Rami", "en"), ("Other Omar", "en"))}
    make.signup(shifts["Planting day"], people["Amal"])
    make.signup(shifts["Watering round"], people["Amal"])
    make.signup(shifts["Morning weeding"], people["Ben"])  # under way: its volunteers still hear from it
    make.signup(shifts["Watering round"], people["Waiting Wafa"], status=SignupStatus.WAITLISTED)
    make.signup(shifts["Last autumn"], people["Past Pia"], status=SignupStatus.ATTENDED)
    make.signup(shifts["Planting day"], people["Gone Gil"], status=SignupStatus.CANCELLED)
    make.signup(shifts["Rained off"], people["Rain Rami"])
    make.signup(make.shift(of=make.programme(owner=organisation), starts_at=NOW + timedelta(days=3)),
                people["Other Omar"])
    db.commit()
    return programme, shifts, coordinator, people


def sent(db) -> dict[int, Notification]:
    messages = db.scalars(select(Notification).where(Notification.kind == "programme.message")).all()
    by_person = {message.user_id: message for message in messages}
    assert len(by_person) == len(messages), "a volunteer got the message twice"
    return by_person


def write(client, programme, **fields):
    data = {"audience": "places", "subject": "Spring season", "text": NOTE, **fields}
    return client.post(f"/programmes/{programme.slug}/message", data=data)


def test_each_volunteer_of_a_coming_shift_gets_the_words_once_with_their_shifts(client, login, db, gardens):
    programme, shifts, coordinator, people = gardens
    login(coordinator)
    page = client.get(f"/programmes/{programme.slug}").get_data(as_text=True)
    assert f'href="/programmes/{programme.slug}/message"' in page
    assert f'href="/programmes/{programme.slug}/message"' in client.get("/me").get_data(as_text=True)
    form = client.get(f"/programmes/{programme.slug}/message").get_data(as_text=True)
    assert "3 shifts not over yet" in form and "2 volunteers with a place" in form and "1 person waiting" in form

    response = write(client, programme)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/programmes/{programme.slug}")
    assert "Your message is on its way to 2 volunteers." in client.get(response.headers["Location"]).get_data(
        as_text=True)
    messages = sent(db)
    assert set(messages) == {people["Amal"].id, people["Ben"].id}
    english, arabic = messages[people["Ben"].id], messages[people["Amal"].id]
    assert english.subject == "\u2068Community gardens\u2069: \u2068Spring season\u2069"
    assert english.body.startswith("Hello \u2068Ben\u2069,") and NOTE in english.body
    assert "Morning weeding" in english.body and f"/shifts/{shifts['Morning weeding'].id}" in english.body
    assert "Planting day" not in english.body and f"/programmes/{programme.slug}" in english.body
    assert arabic.language == "ar" and arabic.body.startswith("مرحبًا") and NOTE in arabic.body
    assert arabic.body.index("Planting day") < arabic.body.index("Watering round")  # both of hers, in time order
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "programme.message")).one()
    assert event.actor_id == coordinator.id and event.comment == NOTE and event.after["recipients"] == 2


def test_those_waiting_get_it_too_when_chosen_and_are_told_they_wait(client, login, db, gardens):
    programme, _shifts, coordinator, people = gardens
    login(coordinator)
    write(client, programme, audience="everyone")
    messages = sent(db)
    assert set(messages) == {people["Amal"].id, people["Ben"].id, people["Waiting Wafa"].id}
    assert "Watering round" in messages[people["Waiting Wafa"].id].body
    assert "you are on its waitlist" in messages[people["Waiting Wafa"].id].body
    assert "waitlist" not in messages[people["Ben"].id].body


def test_a_volunteer_on_many_shifts_sees_the_first_ten_and_how_many_more(client, login, db, make, gardens):
    programme, _shifts, coordinator, people = gardens
    for day in range(11):
        make.signup(make.shift(of=programme, title=f"Evening round {day:02}", starts_at=NOW + timedelta(days=20 + day)),
                    people["Ben"])
    db.commit()
    login(coordinator)
    write(client, programme)
    body = sent(db)[people["Ben"].id].body
    assert "Evening round 08" in body and "Evening round 09" not in body  # the tenth shift is round 08
    assert "and 2 more shifts" in body


def test_the_same_message_posted_twice_goes_once(client, login, db, gardens):
    programme, _shifts, coordinator, _people = gardens
    login(coordinator)
    write(client, programme)
    again = write(client, programme)
    assert again.status_code == 400 and "a moment ago" in again.get_data(as_text=True)
    assert len(sent(db)) == 2
    assert write(client, programme, subject="Spring season, again").status_code == 302
    page = client.get(f"/programmes/{programme.slug}/message").get_data(as_text=True)
    listed = page[page.index("Messages already sent"):]
    assert listed.index("Spring season, again") < listed.index("<bdi>Spring season</bdi>")  # the latest first
    assert "Coordinator Cora" in listed and "to 2 volunteers" in listed and "4/5/27, 9:00 AM (UTC)" in listed


def test_an_incomplete_message_is_refused_beside_its_field(client, login, db, gardens):
    programme, _shifts, coordinator, _people = gardens
    login(coordinator)
    response = write(client, programme, text="  ")
    assert response.status_code == 400 and "This field is required." in response.get_data(as_text=True)
    assert sent(db) == {}


def test_an_archived_programme_or_one_with_no_one_on_its_coming_shifts_has_no_one_to_write_to(client, login, db,
                                                                                              make, gardens):
    programme, _shifts, coordinator, _people = gardens
    login(coordinator)
    empty = make.programme(owner=db.get(Programme, programme.id).organisation)
    db.commit()
    assert "no one to write to" in write(client, empty).get_data(as_text=True)
    db.get(Programme, programme.id).status = RecordStatus.ARCHIVED
    db.commit()
    refused = write(client, programme)
    assert refused.status_code == 400 and "This programme is archived" in refused.get_data(as_text=True)
    assert f"/programmes/{programme.slug}/message" not in client.get(
        f"/programmes/{programme.slug}/edit").get_data(as_text=True)
    assert sent(db) == {}


def test_only_whoever_runs_the_programme_may_write_to_its_volunteers(client, login, db, gardens):
    programme, _shifts, _coordinator, people = gardens
    login(people["Ben"])
    assert client.get(f"/programmes/{programme.slug}/message").status_code == 403
    assert write(client, programme).status_code == 403
    assert f"/programmes/{programme.slug}/message" not in client.get(
        f"/programmes/{programme.slug}").get_data(as_text=True)
    assert sent(db) == {}


def test_a_message_past_the_bound_of_one_mailing_is_refused_and_nothing_is_sent(client, login, db, monkeypatch,
                                                                                gardens):
    programme, _shifts, coordinator, _people = gardens
    monkeypatch.setattr("planner.volunteering.messages.PROGRAMME_RECIPIENTS_LIMIT", 1)
    login(coordinator)
    refused = write(client, programme)
    assert refused.status_code == 400 and "more than 1 volunteers" in refused.get_data(as_text=True)
    assert sent(db) == {}
