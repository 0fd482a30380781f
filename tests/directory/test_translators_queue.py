"""My planner lists the records whose texts wait to be translated again, for whoever may translate them: found
through the index of outdated texts, which every change keeps in step with the records' own languages."""
from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import select

from planner.accounts.models import Role
from planner.db import make_engine
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.languages import services
from planner.migrate import downgrade, upgrade
from planner.organisations.models import Organisation
from planner.partnerships.models import Partnership
from planner.translated import OutdatedText
from planner.volunteering import series
from planner.volunteering.management import ShiftDetails
from planner.volunteering.models import Shift
from tests.records.editing import changed, form_as_shown

NOW = datetime(2027, 5, 3, 8, 0, tzinfo=UTC)
NIGHT = re.compile(r"Lantern night \d\d")


def _queue_of(client) -> str:
    page = html.unescape(client.get("/me").get_data(as_text=True))
    return page.split('id="translations"', 1)[1].split("</section>", 1)[0] if 'id="translations"' in page else ""


def _rows(db) -> set[tuple[str, int, str]]:
    db.expire_all()
    return set(db.execute(select(OutdatedText.record_table, OutdatedText.record_id, OutdatedText.language)).all())


def test_a_text_changed_on_its_form_waits_in_the_queue_until_it_is_given_again(db, client, login, clock, make):
    clock.set(NOW)
    ours, theirs = make.organisation(name="Cedar Growers"), make.organisation(name="Olive Press")
    garden = make.initiative(title="Roof garden", summary="Vegetables on the library roof.", lead=ours,
                             status=InitiativeStatus.DRAFT,
                             translations={"fr": {"title": "Jardin sur le toit", "summary": "Des légumes."}})
    programme = make.programme(owner=ours, name="Harvest helpers")
    picking = make.shift(of=programme, starts_at=NOW + timedelta(days=4), title="Picking", instructions="Bring gloves.",
                         translations={"ar": {"instructions": "أحضر قفازات."}, "fr": {"instructions": "Des gants."}})
    gone = make.shift(of=programme, starts_at=NOW - timedelta(days=2), title="Last week's picking",
                      instructions="Bring gloves.", translations={"fr": {"instructions": "Des gants."}})
    press = make.initiative(title="Olive press", summary="A shared press.", lead=theirs,
                            translations={"fr": {"summary": "Un pressoir partagé."}})
    db.commit()
    coordinator = make.coordinator(of=ours)
    db.commit()
    login(coordinator)
    assert _queue_of(client) == ""

    path = f"/initiatives/{garden.slug}/edit"
    client.post(path, data=changed(form_as_shown(client, path), summary="Vegetables on the town hall roof."))
    clock.set(NOW + timedelta(minutes=5))
    for model, record_id, field, words in ((Shift, picking.id, "instructions", "Bring gloves and a hat."),
                                           (Shift, gone.id, "instructions", "Gloves."),
                                           (Initiative, press.id, "summary", "A press for all.")):
        setattr(db.get(model, record_id), field, words)  # as their forms would
    db.commit()

    queue = _queue_of(client)
    assert "Texts to translate again" in queue
    assert queue.index("Picking") < queue.index("Roof garden")  # the latest change first
    assert "Shift, Arabic and French" in " ".join(queue.split()) and "Initiative, French" in " ".join(queue.split())
    assert f'href="/languages/initiative/{garden.id}?next=/me%23translations"' in queue
    assert f'href="/languages/shift/{picking.id}?next=/me%23translations"' in queue
    assert "Last week" not in queue and "Olive press" not in queue  # a past shift; another organisation's
    my_planner = html.unescape(client.get("/me").get_data(as_text=True))
    assert "2 texts to translate again" in my_planner and 'href="/languages/not-yet"' in my_planner

    saved = client.post(f"/languages/initiative/{garden.id}", data={
        "original_language": "en", "fr__title": "Jardin sur le toit", "fr__summary": "Des légumes sur la mairie.",
        "next": "/me#translations"})

    assert saved.headers["Location"] == "/me#translations"  # back to the queue

    queue = _queue_of(client)
    assert "Roof garden" not in queue and "Picking" in queue
    assert ("initiatives", garden.id, "fr") not in _rows(db)
    assert {("shifts", picking.id, "ar"), ("shifts", picking.id, "fr")} <= _rows(db)


def test_the_queue_is_for_those_who_translate_and_forgets_deleted_records(db, client, login, clock, make):
    clock.set(NOW)
    council = make.council(name="Irbid Council", translations={"ar": {"mandate": "الميزانيات والخدمات المحلية."}})
    shift = make.shift(starts_at=NOW + timedelta(days=3), title="Sorting", translations={"tr": {"title": "Ayıklama"}})
    db.commit()
    council.mandate, shift.title = "Budgets, local services and parks.", "Sorting books"
    db.commit()
    assert _rows(db) == {("councils", council.id, "ar"), ("shifts", shift.id, "tr")}

    login(make.user(name="Vera Volunteer"))
    assert 'id="translations"' not in client.get("/me").get_data(as_text=True)
    login(make.council_member(council, role=Role.COUNCIL_CHAIR))
    queue = " ".join(_queue_of(client).split())
    assert "Irbid Council" in queue and "Council, Arabic" in queue and "Sorting" not in queue

    db.delete(db.get(Shift, shift.id))
    db.commit()
    assert _rows(db) == {("councils", council.id, "ar")}
    made = make.shift(title="Sorting", translations={"@outdated": {"fr": {"title": "Tri"}}})  # as a series' next one
    db.commit()
    assert _rows(db) == {("councils", council.id, "ar"), ("shifts", made.id, "fr")}


def test_someone_with_no_role_left_finds_the_partnership_they_recorded(db, client, login, clock, make):
    clock.set(NOW)
    recorder = make.user(name="Rami, once a coordinator")  # may still translate what they recorded
    pact = make.partnership(title="Book swap", created_by=recorder, translations={"ar": {"title": "تبادل الكتب"}})
    db.commit()
    db.get(Partnership, pact.id).title = "Book and toy swap"
    db.commit()

    login(recorder)

    assert "Book and toy swap" in _queue_of(client) and "Partnership, Arabic" in " ".join(_queue_of(client).split())


def test_texts_set_aside_before_the_index_existed_are_in_it(databases):
    url = databases.fresh("outdated_texts")
    upgrade(url, "0027_user_name_folded")
    engine = make_engine(url)
    written = datetime(2027, 1, 10, 7, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO countries (code, name, is_illustrative) VALUES ('JO', 'Jordan', :no)"),
                           {"no": False})
        connection.execute(sa.insert(Organisation.__table__), [  # the model gives the other columns
            {"id": 1, "slug": "a", "name": "A", "kind": "nonprofit", "country_code": "JO", "created_at": written,
             "updated_at": written, "translations": {"fr": {"name": "A"}, "@outdated": {"ar": {"name": "أ"},
                                                                                    "tr": {"name": "A"}}}},
            {"id": 2, "slug": "b", "name": "B", "kind": "nonprofit", "country_code": "JO", "created_at": written,
             "updated_at": written, "translations": {"fr": {"name": "B"}}}])
    engine.dispose()

    upgrade(url)

    engine = make_engine(url)
    with engine.connect() as connection:
        rows = set(connection.execute(sa.text("SELECT record_table, record_id, language FROM outdated_texts")).all())
    engine.dispose()
    assert rows == {("organisations", 1, "ar"), ("organisations", 1, "tr")}
    downgrade(url, "0027_user_name_folded")
    upgrade(url)


def test_the_whole_queue_has_its_own_page_a_page_at_a_time(app, db, client, login, clock, make, monkeypatch):
    clock.set(NOW)
    organisation = make.organisation(name="Lantern Makers")
    programme = make.programme(owner=organisation, name="Lantern nights")
    shifts = [make.shift(of=programme, starts_at=NOW + timedelta(days=day), title=f"Lantern night {day:02d}",
                         instructions="Bring scissors.", translations={"fr": {"instructions": "Des ciseaux."}})
              for day in range(1, 25)]
    db.commit()
    for minutes, shift in enumerate(shifts):
        clock.set(NOW + timedelta(minutes=minutes))
        db.get(Shift, shift.id).instructions = "Bring scissors and glue."
        db.commit()
    login(make.coordinator(of=organisation))

    mine = html.unescape(client.get("/me").get_data(as_text=True))
    assert "24 texts to translate again" in mine and len(NIGHT.findall(mine)) == 5
    assert 'href="/languages/to-translate"' in mine

    first = html.unescape(client.get("/languages/to-translate").get_data(as_text=True))
    second = html.unescape(client.get("/languages/to-translate?page=2").get_data(as_text=True))
    assert len(NIGHT.findall(first)) == 20 and len(NIGHT.findall(second)) == 4
    assert first.index("Lantern night 24") < first.index("Lantern night 05") and "Lantern night 04" in second
    assert "Page 1 of 2" in first
    assert "There is no page 9" in client.get("/languages/to-translate?page=9").get_data(as_text=True)

    monkeypatch.setattr(services, "QUEUE_BOUND", 10)  # past the bound: the note offers no filters the page lacks
    past = html.unescape(client.get("/languages/to-translate?page=2").get_data(as_text=True))
    assert "We show at most 1 page of this list." in past and "filters" not in past
    assert "More than 10 texts" in html.unescape(client.get("/languages/to-translate").get_data(as_text=True))

    login(make.user(name="Vera Volunteer"))
    assert "No text waits to be translated again." in client.get("/languages/to-translate").get_data(as_text=True)


def test_shifts_that_follow_their_series_wait_once_as_the_series(app, db, client, login, clock, make):
    clock.set(datetime(2027, 1, 4, 9, tzinfo=UTC))
    organisation = make.organisation(name="Bread Bank")
    coordinator = make.coordinator(of=organisation)
    first = datetime(2027, 1, 9, 10, 0)  # Saturdays, in Amman
    details = ShiftDetails(title="Saturday bread", starts_local=first, ends_local=first + timedelta(hours=3),
                           locality=make.locality("Queue Amman"), centre=None, place="Hall", capacity=4,
                           cutoff_hours=0)
    with app.test_request_context():
        weekly = series.create_series(coordinator, make.programme(owner=organisation), details,
                                      series.Repeat("weekly", [5], count=6))
        dates = list(db.scalars(select(Shift).where(Shift.series_id == weekly.id).order_by(Shift.starts_at)))
        for record in [weekly, *dates]:
            record.translations = {"fr": {"title": "Pain du samedi", "place": "Salle"}}
        db.commit()
        third = dates[2]

        series.edit_following(coordinator, third.id, replace(details, starts_local=third.occurrence,
                                                             ends_local=third.occurrence + timedelta(hours=3),
                                                             place="Garden"))
        db.commit()

    new_series = db.get(Shift, third.id).series_id
    assert len([row for row in _rows(db) if row[0] == "shifts"]) == 4  # each following shift's French place
    login(coordinator)
    queue = " ".join(_queue_of(client).split())
    assert queue.count("<li>") == 1 and "Repeating shift, French" in queue
    assert f'href="/languages/series/{new_series}?next=' in queue

    client.post(f"/languages/series/{new_series}", data={
        "original_language": "en", "fr__title": "Pain du samedi", "fr__place": "Jardin"})

    assert _queue_of(client) == "" and _rows(db) == set()
    assert db.get(Shift, third.id).translations == {"fr": {"title": "Pain du samedi", "place": "Jardin"}}
