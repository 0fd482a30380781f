"""What volunteers should know before a shift (what to bring, where to meet, whom to ask for): written by the
coordinator, in several languages, shown on the shift's page and sent with its e-mails and calendar event."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from planner.notifications.models import Notification
from planner.volunteering import reminders
from planner.volunteering.models import Shift

NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
WORDS = "Bring gloves and water.\nMeet Samir at the north gate; park behind the hall."


@pytest.fixture
def coordinated(make):
    """A programme, its coordinator and a place on Amman's clock."""
    programme = make.programme()
    return programme, make.coordinator(of=programme.organisation), make.locality("Instructions Amman")


def shift_fields(place, **changes) -> dict:
    return {"title": "Clean-up of the wadi", "starts_at": "2027-02-13T09:00", "ends_at": "2027-02-13T12:00",
            "locality": str(place.id), "centre": "", "place": "North gate", "capacity": "10",
            "signup_cutoff_hours": "0", **changes}


def mails(db, kind: str) -> list[Notification]:
    return list(db.scalars(select(Notification).where(Notification.kind == kind).order_by(Notification.id)))


def test_the_coordinator_writes_them_and_the_shift_page_shows_them(client, db, login, clock, coordinated):
    programme, coordinator, place = coordinated
    clock.set(NOW)
    login(coordinator)
    form = client.get(f"/programmes/{programme.slug}/shifts/new").get_data(as_text=True)
    assert "What volunteers should know" in form and "What to bring or wear, where to meet" in form

    answer = client.post(f"/programmes/{programme.slug}/shifts/new", data=shift_fields(place, instructions=WORDS))

    assert answer.status_code == 302
    shift = db.scalars(select(Shift).where(Shift.programme_id == programme.id)).one()
    assert shift.instructions == WORDS
    page = client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    assert ('<p class="prose" dir="auto">Bring gloves and water.\nMeet Samir at the north gate; park behind the '
            'hall.</p>') in page


def test_too_long_a_text_is_refused_beside_its_field_and_nothing_is_saved(client, db, login, clock, coordinated):
    programme, coordinator, place = coordinated
    clock.set(NOW)
    login(coordinator)

    answer = client.post(f"/programmes/{programme.slug}/shifts/new", data=shift_fields(place, instructions="x" * 1001))

    assert answer.status_code == 400
    assert 'id="instructions-error"' in answer.get_data(as_text=True)
    assert db.scalars(select(Shift).where(Shift.programme_id == programme.id)).all() == []


def test_an_edit_changes_them_and_a_form_without_the_field_keeps_them(client, db, make, login, clock, coordinated):
    programme, coordinator, place = coordinated
    clock.set(NOW)
    shift = make.shift(of=programme, starts_at=NOW + timedelta(days=9), place=place, instructions=WORDS)
    login(coordinator)

    without_the_field = client.post(f"/shifts/{shift.id}/edit", data=shift_fields(place))
    assert without_the_field.status_code == 302 and db.get(Shift, shift.id).instructions == WORDS
    client.post(f"/shifts/{shift.id}/edit", data=shift_fields(place, instructions="Wear a hat."))
    db.expire_all()
    assert db.get(Shift, shift.id).instructions == "Wear a hat."
    client.post(f"/shifts/{shift.id}/edit", data=shift_fields(place, instructions=""))
    db.expire_all()
    assert db.get(Shift, shift.id).instructions == ""


def test_the_confirmation_and_the_calendar_event_carry_them(client, db, make, login, clock, coordinated):
    programme, _coordinator, place = coordinated
    clock.set(NOW)
    shift = make.shift(of=programme, starts_at=NOW + timedelta(days=9), place=place, instructions=WORDS)
    login(make.user(name="Rania"))

    client.post(f"/shifts/{shift.id}/signup")

    [confirmation] = mails(db, "signup.confirmed")
    assert f"From the coordinator: \u2068{WORDS}\u2069" in confirmation.body
    [event] = Calendar.from_ical(client.get(f"/shifts/{shift.id}/calendar.ics").data).walk("VEVENT")
    assert str(event["description"]) == WORDS


def test_a_reader_gets_them_in_their_own_language_where_they_are_written_in_it(app, db, make, clock, coordinated):
    programme, _coordinator, place = coordinated
    start = NOW + timedelta(days=3)
    shift = make.shift(of=programme, starts_at=start, place=place, instructions=WORDS,
                       translations={"ar": {"instructions": "أحضر قفازات وماء."}})
    in_arabic, in_french = make.user(locale="ar"), make.user(locale="fr")
    for person in (in_arabic, in_french):
        make.signup(shift, volunteer=person)
    db.commit()
    with app.app_context():
        reminders.queue_due_reminders(start - timedelta(hours=3))
        db.commit()

    bodies = dict(db.execute(select(Notification.user_id, Notification.body)
                             .where(Notification.kind == "shift.reminder")).all())
    assert "\u2068أحضر قفازات وماء.\u2069" in bodies[in_arabic.id]
    assert f"\u2068{WORDS}\u2069" in bodies[in_french.id]  # no French text: the original


def test_a_shift_without_them_says_nothing_of_them(client, db, make, login, clock, coordinated):
    programme, _coordinator, place = coordinated
    clock.set(NOW)
    shift = make.shift(of=programme, starts_at=NOW + timedelta(days=9), place=place)
    login(make.user())

    client.post(f"/shifts/{shift.id}/signup")

    [confirmation] = mails(db, "signup.confirmed")
    assert "From the coordinator" not in confirmation.body
    assert "What volunteers should know" not in client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    [event] = Calendar.from_ical(client.get(f"/shifts/{shift.id}/calendar.ics").data).walk("VEVENT")
    assert "description" not in event


def test_a_series_gives_them_to_every_shift_it_makes(client, db, login, clock, coordinated):
    programme, coordinator, place = coordinated
    clock.set(NOW)
    login(coordinator)

    answer = client.post(f"/programmes/{programme.slug}/shifts/new", data=shift_fields(
        place, instructions=WORDS, repeat="weekly", weekdays="5", ends="count", count="4"))

    assert answer.status_code == 302
    made = db.scalars(select(Shift).where(Shift.programme_id == programme.id)).all()
    assert len(made) == 4 and {shift.instructions for shift in made} == {WORDS}


def test_the_languages_page_takes_them_in_each_language(client, db, make, login, clock, coordinated):
    programme, coordinator, place = coordinated
    clock.set(NOW)
    shift = make.shift(of=programme, starts_at=NOW + timedelta(days=9), place=place, instructions=WORDS)
    login(coordinator)
    page = client.get(f"/languages/shift/{shift.id}").get_data(as_text=True)
    assert 'id="ar__instructions"' in page and "What volunteers should know" in page

    fields = {f"{language}__{field}": "" for language in ("ar", "fr", "tr") for field in ("title", "place")}
    answer = client.post(f"/languages/shift/{shift.id}", data={
        "original_language": "en", "en__title": shift.title, "en__place": "", "en__instructions": WORDS, **fields,
        "fr__instructions": "Apportez des gants.", "ar__instructions": "", "tr__instructions": ""})

    assert answer.status_code == 302
    db.expire_all()
    assert db.get(Shift, shift.id).translations == {"fr": {"instructions": "Apportez des gants."}}


def test_a_shift_is_copied_to_another_date_with_its_details(client, db, make, login, clock, coordinated):
    programme, coordinator, place = coordinated
    clock.set(NOW)
    shift = make.shift(of=programme, starts_at=datetime(2027, 1, 16, 6, 0, tzinfo=UTC), hours=3, place=place,
                       title="Clean-up of the wadi", capacity=12, party_limit=2, instructions=WORDS)
    shift.place = "North gate"
    other = make.shift(starts_at=NOW + timedelta(days=3), title="Another programme's shift")
    db.commit()
    login(coordinator)
    assert f"/programmes/{programme.slug}/shifts/new?copy={shift.id}" in client.get(
        f"/shifts/{shift.id}").get_data(as_text=True)

    form = client.get(f"/programmes/{programme.slug}/shifts/new?copy={shift.id}").get_data(as_text=True)

    assert "A copy of “\u2068Clean-up of the wadi\u2069”" in form
    assert 'value="Clean-up of the wadi"' in form and 'value="North gate"' in form and 'value="12"' in form
    assert 'value="2027-02-06T09:00"' in form and 'value="2027-02-06T12:00"' in form  # the first Saturday to come
    assert f"{WORDS}</textarea>" in form
    for ignored in (f"copy={other.id}", "copy=nonsense", "copy=99999999999999999999"):
        page = client.get(f"/programmes/{programme.slug}/shifts/new?{ignored}")
        assert page.status_code == 200 and "A copy of" not in page.get_data(as_text=True)
        assert "Another programme" not in page.get_data(as_text=True)


def unmoved_shift(make, db, programme, place, **fields):
    """A shift that the form of shift_fields() leaves where it is (same title, times and meeting place)."""
    shift = make.shift(of=programme, starts_at=datetime(2027, 2, 13, 6, 0, tzinfo=UTC), hours=3, place=place,
                       title="Clean-up of the wadi", capacity=10, **fields)
    shift.place = "North gate"
    db.commit()
    return shift


def one_volunteer_on_it(coordinated, make, db, login, clock):
    """At NOW, an unmoved shift with its words and one volunteer (Rania), and its coordinator signed in."""
    programme, coordinator, place = coordinated
    clock.set(NOW)
    shift = unmoved_shift(make, db, programme, place, instructions=WORDS)
    make.signup(shift, make.user(name="Rania"))
    db.commit()
    login(coordinator)
    return shift, place


def test_new_words_are_sent_to_the_volunteers_when_the_coordinator_asks(client, db, make, login, clock,
                                                                         coordinated):
    from planner.volunteering.models import SignupStatus

    programme, coordinator, place = coordinated
    clock.set(NOW)
    shift = unmoved_shift(make, db, programme, place, instructions=WORDS)
    coming = make.signup(shift, make.user(name="Rania"))
    waiting = make.signup(shift, make.user(name="Yusuf"), status=SignupStatus.WAITLISTED)
    make.signup(shift, make.user(name="Gone"), status=SignupStatus.CANCELLED)
    db.commit()
    login(coordinator)
    assert "E-mail the volunteers signed up if what they should know has changed" in client.get(
        f"/shifts/{shift.id}/edit").get_data(as_text=True)

    answer = client.post(f"/shifts/{shift.id}/edit", data=shift_fields(
        place, instructions="Wear a hat: the sun is strong.", announce="y"))

    assert answer.status_code == 302
    assert "The shift is saved; 2 volunteers have been told of the change." in client.get(
        answer.location).get_data(as_text=True)
    told = mails(db, "shift.instructions")
    assert [mail.user_id for mail in told] == [coming.volunteer_id, waiting.volunteer_id]
    assert all("From the coordinator: \u2068Wear a hat: the sun is strong.\u2069" in mail.body for mail in told)
    assert told[0].subject == "What to know for \u2068Clean-up of the wadi\u2069"
    assert told[0].attachment and not told[1].attachment  # the event, for the one who has a place
    assert mails(db, "shift.changed") == []


def test_without_the_box_ticked_or_with_the_same_words_no_one_is_written_to(client, db, make, login, clock,
                                                                             coordinated):
    shift, place = one_volunteer_on_it(coordinated, make, db, login, clock)

    client.post(f"/shifts/{shift.id}/edit", data=shift_fields(place, instructions="Wear a hat."))
    saved = client.post(f"/shifts/{shift.id}/edit", data=shift_fields(place, instructions="Wear a hat.",
                                                                     announce="y"), follow_redirects=True)
    assert "The shift is saved." in saved.get_data(as_text=True) and "been told" not in saved.get_data(as_text=True)
    client.post(f"/shifts/{shift.id}/edit", data=shift_fields(place, capacity="12", announce="y"))

    db.expire_all()
    assert db.get(Shift, shift.id).instructions == "Wear a hat." and db.get(Shift, shift.id).capacity == 12
    assert mails(db, "shift.instructions") == [] and mails(db, "shift.changed") == []


def test_words_taken_away_are_announced_as_such(client, db, make, login, clock, coordinated):
    shift, place = one_volunteer_on_it(coordinated, make, db, login, clock)

    client.post(f"/shifts/{shift.id}/edit", data=shift_fields(place, instructions="", announce="y"))

    [told] = mails(db, "shift.instructions")
    assert "There is nothing more to know for this shift" in told.body and "From the coordinator" not in told.body


def test_a_moved_shift_s_message_repeats_what_to_know(client, db, make, login, clock, coordinated):
    shift, place = one_volunteer_on_it(coordinated, make, db, login, clock)

    client.post(f"/shifts/{shift.id}/edit", data=shift_fields(
        place, starts_at="2027-02-13T10:00", ends_at="2027-02-13T13:00", instructions="Wear a hat.", announce="y"))

    [moved] = mails(db, "shift.changed")
    assert "From the coordinator: \u2068Wear a hat.\u2069" in moved.body
    assert mails(db, "shift.instructions") == []  # one message for both changes


def test_a_new_shift_s_form_has_no_one_to_tell(client, login, clock, coordinated):
    programme, coordinator, _place = coordinated
    clock.set(NOW)
    login(coordinator)

    form = client.get(f"/programmes/{programme.slug}/shifts/new").get_data(as_text=True)

    assert "E-mail the volunteers signed up" not in form


def three_saturdays(coordinated, client, db, login, clock):
    """At NOW, the coordinator signed in makes a weekly series of three shifts with WORDS: the place and the shifts,
    soonest first."""
    programme, coordinator, place = coordinated
    clock.set(NOW)
    login(coordinator)
    client.post(f"/programmes/{programme.slug}/shifts/new", data=shift_fields(
        place, instructions=WORDS, repeat="weekly", weekdays="5", ends="count", count="3"))
    return place, db.scalars(select(Shift).where(Shift.programme_id == programme.id).order_by(Shift.starts_at)).all()


def test_new_words_for_a_series_from_one_shift_on_reach_the_volunteers_of_those_shifts(client, db, make, login,
                                                                                        clock, coordinated):
    place, made = three_saturdays(coordinated, client, db, login, clock)
    on_each = [make.signup(shift, make.user(name=f"Volunteer {n}")).volunteer_id for n, shift in enumerate(made)]
    db.commit()
    second = made[1]
    starts = f"{second.starts_at + timedelta(hours=3):%Y-%m-%dT%H:%M}"  # Amman's clock
    ends = f"{second.ends_at + timedelta(hours=3):%Y-%m-%dT%H:%M}"

    answer = client.post(f"/shifts/{second.id}/edit", data=shift_fields(
        place, starts_at=starts, ends_at=ends, instructions="Wear a hat.", announce="y", scope="following"))

    assert answer.status_code == 302
    assert [mail.user_id for mail in mails(db, "shift.instructions")] == on_each[1:]


def test_a_copy_keeps_the_languages_of_what_it_did_not_change(client, db, make, login, clock, coordinated):
    programme, coordinator, place = coordinated
    clock.set(NOW)
    shift = unmoved_shift(make, db, programme, place, instructions="أحضروا قفازات.")
    shift.title, shift.place, shift.original_language = "تنظيف الوادي", "البوابة الشمالية", "ar"
    shift.translations = {"fr": {"title": "Nettoyage de l’oued", "place": "Porte nord",
                                 "instructions": "Apportez des gants."},
                          "en": {"title": "Clean-up of the wadi"}}
    db.commit()
    login(coordinator)

    fields = {**shift_fields(place, title="تنظيف الوادي", instructions="أحضروا قفازات.",
                             starts_at="2027-02-20T09:00", ends_at="2027-02-20T12:00"), "place": "البوابة الجنوبية"}
    answer = client.post(f"/programmes/{programme.slug}/shifts/new?copy={shift.id}", data=fields)

    assert answer.status_code == 302
    copy = db.scalars(select(Shift).where(Shift.programme_id == programme.id, Shift.id != shift.id)).one()
    assert copy.original_language == "ar" and copy.place == "البوابة الجنوبية"
    assert copy.translations == {"fr": {"title": "Nettoyage de l’oued", "instructions": "Apportez des gants."},
                                 "en": {"title": "Clean-up of the wadi"}}  # the new meeting place in Arabic only
    french = client.get(f"/shifts/{copy.id}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Nettoyage de l’oued" in french


def test_a_series_made_from_a_copy_keeps_its_languages_on_every_shift(client, db, make, login, clock, coordinated):
    programme, coordinator, place = coordinated
    clock.set(NOW)
    shift = unmoved_shift(make, db, programme, place, instructions=WORDS)
    shift.translations = {"fr": {"title": "Nettoyage de l’oued"}}
    db.commit()
    login(coordinator)

    client.post(f"/programmes/{programme.slug}/shifts/new?copy={shift.id}", data=shift_fields(
        place, instructions=WORDS, starts_at="2027-02-20T09:00", ends_at="2027-02-20T12:00", repeat="weekly",
        weekdays="5", ends="count", count="3"))

    made = db.scalars(select(Shift).where(Shift.programme_id == programme.id, Shift.id != shift.id)).all()
    assert [each.translations for each in made] == [{"fr": {"title": "Nettoyage de l’oued"}}] * 3


def test_a_copy_with_every_text_new_is_in_the_language_it_was_written_in(client, db, make, login, clock,
                                                                         coordinated):
    programme, coordinator, place = coordinated
    clock.set(NOW)
    shift = unmoved_shift(make, db, programme, place, instructions="أحضروا قفازات.")
    shift.title, shift.original_language = "تنظيف الوادي", "ar"
    shift.translations = {"fr": {"title": "Nettoyage de l’oued"}}
    db.commit()
    login(coordinator)

    client.post(f"/programmes/{programme.slug}/shifts/new?copy={shift.id}", headers={"Accept-Language": "fr"},
                data={**shift_fields(place, title="Plantation d’arbres", instructions="Apportez une pelle.",
                                     starts_at="2027-02-20T09:00", ends_at="2027-02-20T12:00"),
                      "place": "Porte sud"})

    copy = db.scalars(select(Shift).where(Shift.programme_id == programme.id, Shift.id != shift.id)).one()
    assert (copy.title, copy.original_language, copy.translations) == ("Plantation d’arbres", "fr", {})


def _languages_sent(client, path: str, **new):
    from tests.records.editing import changed, form_as_shown

    return client.post(path, data=changed(form_as_shown(client, path), **new), follow_redirects=True)


def test_new_words_in_one_language_reach_those_who_read_it_when_the_coordinator_asks(client, db, make, login, clock,
                                                                                     coordinated):
    from planner.volunteering.models import SignupStatus

    programme, coordinator, place = coordinated
    clock.set(NOW)
    shift = unmoved_shift(make, db, programme, place, instructions=WORDS,
                          translations={"fr": {"instructions": "Apportez des gants."}})
    in_french = make.signup(shift, make.user(name="Amélie", locale="fr"))
    waiting_in_french = make.signup(shift, make.user(name="Jean", locale="fr"), status=SignupStatus.WAITLISTED)
    make.signup(shift, make.user(name="Parti", locale="fr"), status=SignupStatus.CANCELLED)
    make.signup(shift, make.user(name="Rania", locale="ar"))  # reads the English original: nothing changed for her
    make.signup(shift, make.user(name="Tom", locale="en"))
    db.commit()
    login(coordinator)
    path = f"/languages/shift/{shift.id}"
    assert "E-mail the volunteers signed up if what they should know has changed" in client.get(path).get_data(
        as_text=True)
    assert "E-mail the volunteers" not in client.get(f"/languages/programme/{programme.id}").get_data(as_text=True)

    quiet = _languages_sent(client, path, fr__instructions="Apportez des gants et un chapeau.")
    assert "The languages of this text were saved." in quiet.get_data(as_text=True)
    assert mails(db, "shift.instructions") == []

    told = _languages_sent(client, path, fr__instructions="Apportez des gants, un chapeau et de l’eau.",
                           announce="y")

    assert "2 volunteers have been told of the new words" in told.get_data(as_text=True)
    sent = mails(db, "shift.instructions")
    assert [mail.user_id for mail in sent] == [in_french.volunteer_id, waiting_in_french.volunteer_id]
    assert all("\u2068Apportez des gants, un chapeau et de l’eau.\u2069" in mail.body for mail in sent)
    assert sent[0].subject == "À savoir pour \u2068Clean-up of the wadi\u2069"  # in French, as the volunteer reads
    assert sent[0].attachment and not sent[1].attachment  # the event, for the one who has a place


def test_giving_a_language_for_the_first_time_tells_its_readers_and_a_past_shift_tells_no_one(
        client, db, make, login, clock, coordinated):
    programme, coordinator, place = coordinated
    clock.set(NOW)
    shift = unmoved_shift(make, db, programme, place, instructions=WORDS)
    in_arabic = make.signup(shift, make.user(name="Rania", locale="ar"))
    make.signup(shift, make.user(name="Amélie", locale="fr"))
    db.commit()
    login(coordinator)
    path = f"/languages/shift/{shift.id}"

    _languages_sent(client, path, ar__instructions="أحضر قفازات وماء.", announce="y")
    assert [mail.user_id for mail in mails(db, "shift.instructions")] == [in_arabic.volunteer_id]
    _languages_sent(client, path, ar__place="البوابة الشمالية", announce="y")  # where to meet, in their words
    told = mails(db, "shift.instructions")
    assert [mail.user_id for mail in told] == [in_arabic.volunteer_id] * 2 and "البوابة الشمالية" in told[1].body

    clock.set(shift.starts_at + timedelta(hours=1))  # under way: the words are only for the record now
    done = _languages_sent(client, path, ar__instructions="أحضر قفازات.", announce="y")
    assert "The languages of this text were saved." in done.get_data(as_text=True)
    assert len(mails(db, "shift.instructions")) == 2


def test_a_series_languages_reach_the_volunteers_of_the_shifts_that_take_them(client, db, make, login, clock,
                                                                              coordinated):
    place, made = three_saturdays(coordinated, client, db, login, clock)
    readers = [make.signup(shift, make.user(name=f"Lecteur {n}", locale="fr")).volunteer_id
               for n, shift in enumerate(made)]
    make.signup(made[0], make.user(name="Reader", locale="en"))
    made[2].title = "Clean-up of the wadi, with the school"  # changed on its own: keeps its own languages
    db.commit()

    told = _languages_sent(client, f"/languages/series/{made[0].series_id}", fr__instructions="Apportez des gants.",
                           announce="y")

    assert "2 volunteers have been told of the new words" in told.get_data(as_text=True)
    assert [mail.user_id for mail in mails(db, "shift.instructions")] == readers[:2]

