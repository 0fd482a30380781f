"""/api/v1/shifts: the site's list of upcoming shifts for other programs (a council's website, a calendar), soonest
first, filtered as on the site, paged by a cursor that holds its place however the list changes before it."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from planner.initiatives.models import InitiativeStatus
from planner.volunteering import series as series_rules
from planner.volunteering.models import ShiftSeries, ShiftStatus, SignupStatus, programme_languages
from tests.api.conftest import follow

NOW = datetime(2027, 3, 1, 7, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def at_now(clock):
    clock.set(NOW)


def at(days: int, hour: int = 9) -> datetime:
    return (NOW + timedelta(days=days)).replace(hour=hour)


def titles(items) -> list[str]:
    return [item["title"] for item in items]


def test_upcoming_public_shifts_come_soonest_first_with_their_places_and_programme(at_now, client, make, db):
    programme = make.programme("Harbour food bank")
    place = make.locality("Port Said", "EG", "Africa/Cairo")
    later = make.shift(of=programme, place=place, starts_at=at(9), title="Packing boxes", capacity=3)
    sooner = make.shift(of=programme, place=place, starts_at=at(2), title="Sorting tins", capacity=2)
    make.signup(sooner)
    make.signup(sooner)
    make.signup(sooner, status=SignupStatus.WAITLISTED)
    make.shift(of=programme, place=place, starts_at=NOW - timedelta(days=1), title="Last week")
    make.shift(of=programme, place=place, starts_at=at(3), title="Called off", status=ShiftStatus.CANCELLED)
    draft = make.initiative(status=InitiativeStatus.DRAFT)
    make.shift(of=make.programme(initiative_id=draft.id), place=place, starts_at=at(1), title="Draft's shift")
    db.commit()

    body = client.get("/api/v1/shifts").get_json()

    assert titles(body["data"]) == ["Sorting tins", "Packing boxes"]
    first = body["data"][0]
    assert first["id"] == sooner.id and first["starts_at"] == "2027-03-03T09:00:00Z"
    assert (first["capacity"], first["confirmed"], first["places_left"], first["waitlist"]) == (2, 2, 0, 1)
    assert first["timezone"] == "Africa/Cairo" and first["place"]["slug"] == place.slug
    assert first["programme"]["slug"] == programme.slug and first["programme"]["name"] == "Harbour food bank"
    assert first["programme"]["api_url"].endswith(f"/api/v1/programmes/{programme.slug}")
    assert first["url"].endswith(f"/shifts/{sooner.id}")
    assert body["data"][1]["id"] == later.id and body["data"][1]["places_left"] == 3
    assert body["links"]["next"] is None and body["meta"]["count"] == 2


def test_every_date_of_a_series_is_listed_with_the_rule_it_repeats_by(at_now, client, make, db):
    programme = make.programme()
    weekly = make.series(programme, rule="RRULE:FREQ=WEEKLY;COUNT=3", title="Tuesday tutoring",
                         first_start_local=datetime(2027, 3, 2, 16, 0))
    series_rules.make_shifts(db.get(ShiftSeries, weekly.id), NOW)
    db.commit()

    items = client.get(f"/api/v1/shifts?programme={programme.slug}").get_json()["data"]

    assert titles(items) == ["Tuesday tutoring"] * 3
    assert [item["starts_at"][:10] for item in items] == ["2027-03-02", "2027-03-09", "2027-03-16"]
    assert {item["series_rule"] for item in items} == {"RRULE:FREQ=WEEKLY;COUNT=3"}


def test_following_next_gives_every_shift_once_in_order_even_when_several_start_together(at_now, client, make, db):
    programme = make.programme()
    place = make.locality()
    made = [make.shift(of=programme, place=place, starts_at=at(day % 3 + 1), title=f"Shift {day}")
            for day in range(7)]
    db.commit()
    expected = [shift.id for shift in sorted(made, key=lambda shift: (shift.starts_at, shift.id))]

    first = client.get("/api/v1/shifts?limit=2").get_json()
    items = follow(client, "/api/v1/shifts?limit=2")

    assert len(first["data"]) == 2 and first["links"]["next"]
    assert [item["id"] for item in items] == expected


def test_the_next_page_holds_its_place_when_a_sooner_shift_is_added(at_now, client, make, db):
    programme = make.programme()
    place = make.locality()
    for day in range(1, 5):
        make.shift(of=programme, place=place, starts_at=at(day), title=f"Day {day}")
    db.commit()
    following = client.get("/api/v1/shifts?limit=2").get_json()["links"]["next"]
    make.shift(of=programme, place=place, starts_at=at(1, hour=6), title="Early extra")
    db.commit()

    assert titles(client.get(following).get_json()["data"]) == ["Day 3", "Day 4"]


def test_each_filter_narrows_the_list_as_the_site_s_does(at_now, client, make, db):
    amman, irbid = make.locality("Test Amman", "JO", "Asia/Amman"), make.locality("Test Irbid", "JO", "Asia/Amman")
    youth = make.initiative(theme_key=make.theme("youth").key)
    heritage = make.initiative(theme_key=make.theme("heritage").key)
    cooks = make.programme("Youth cooks", initiative_id=youth.id)
    cooks.skills = [make.skill("cooking", "Cooking")]
    db.execute(programme_languages.insert().values(programme_id=cooks.id, language_code="tr"))
    guides = make.programme("Museum guides", initiative_id=heritage.id)
    make.shift(of=cooks, place=amman, starts_at=at(5, hour=6), title="Youth kitchen")  # Saturday, 09:00 in Amman
    make.shift(of=guides, place=irbid, starts_at=at(8, hour=14), title="Museum tour")  # Tuesday, 17:00 in Irbid
    db.commit()

    def listed(**query) -> set[str]:
        response = client.get("/api/v1/shifts", query_string=query)
        assert response.status_code == 200, response.get_json()
        return set(titles(response.get_json()["data"]))

    assert listed() == {"Youth kitchen", "Museum tour"}
    assert listed(locality=irbid.slug) == {"Museum tour"}
    assert listed(programme=cooks.slug) == {"Youth kitchen"}
    assert listed(theme="heritage") == {"Museum tour"}
    assert listed(skill="cooking") == {"Youth kitchen"}
    assert listed(language="tr") == {"Youth kitchen"}
    assert listed(date_from="2027-03-07") == {"Museum tour"}
    assert listed(date_to="2027-03-06", locality=amman.slug) == {"Youth kitchen"}
    assert listed(days="weekend") == {"Youth kitchen"}  # Friday and Saturday in Jordan
    assert listed(part_of_day="evening") == {"Museum tour"}


def test_the_filters_are_reported_and_carried_to_the_next_page(at_now, client, make, db):
    programme = make.programme()
    place = make.locality()
    for day in range(1, 4):
        make.shift(of=programme, place=place, starts_at=at(day))
    db.commit()

    body = client.get(f"/api/v1/shifts?programme={programme.slug}&date_from=2027-03-02&limit=1&lang=fr").get_json()

    assert body["meta"]["filters"] == {"programme": programme.slug, "date_from": "2027-03-02"}
    following = body["links"]["next"]
    assert f"programme={programme.slug}" in following and "date_from=2027-03-02" in following
    assert "lang=fr" in following and "limit=1" in following
    assert len(follow(client, body["links"]["self"])) == 3


@pytest.mark.parametrize(("query", "named"), [
    ("locality=nowhere", "locality"),
    ("theme=astronomy", "theme"),
    ("skill=juggling", "skill"),
    ("language=xx", "language"),
    ("days=mondays", "days"),
    ("part_of_day=night", "part_of_day"),
    ("programme=no-such-programme", "programme"),
    ("date_from=tomorrow", "date_from"),
    ("date_to=2027-02-30", "date_to"),
    ("date_from=2027-03-09&date_to=2027-03-02", "date_to"),
    ("colour=red", "colour"),
    ("theme=youth&theme=heritage", "theme"),
])
def test_a_filter_that_cannot_be_used_is_refused_by_name(at_now, client, make, db, query, named):
    make.theme("youth"), make.theme("heritage")
    db.commit()

    response = client.get(f"/api/v1/shifts?{query}")

    assert response.status_code == 400
    assert f"“{named}”" in response.get_json()["message"]


def test_a_programme_that_is_not_public_is_refused_as_unknown(at_now, client, make, db):
    draft = make.initiative(status=InitiativeStatus.DRAFT)
    hidden = make.programme(initiative_id=draft.id)
    make.shift(of=hidden, starts_at=at(2))
    db.commit()

    response = client.get(f"/api/v1/shifts?programme={hidden.slug}")

    assert response.status_code == 400 and "“programme”" in response.get_json()["message"]


def test_a_cursor_from_another_list_or_altered_is_refused(at_now, client, make, db):
    make.programme(), make.programme()
    db.commit()
    # a list in id order gives out "after this id" cursors, which say nothing about when a shift starts
    from_programmes = client.get("/api/v1/programmes?limit=1").get_json()["links"]["next"].split("cursor=")[1]

    for cursor in (from_programmes, "bm90LWEtY3Vyc29y", "%25%25", "YXQ6c29vbjoy"):
        response = client.get(f"/api/v1/shifts?cursor={cursor}")
        assert response.status_code == 400
        assert "cursor" in response.get_json()["message"]


def test_a_page_costs_the_same_queries_however_many_shifts_it_holds(at_now, client, make, db, count_queries):
    programme = make.programme()
    place = make.locality()
    weekly = make.series(programme, place=place, rule="RRULE:FREQ=WEEKLY;COUNT=2",
                         first_start_local=datetime(2027, 3, 2, 16, 0))
    series_rules.make_shifts(db.get(ShiftSeries, weekly.id), NOW)
    db.commit()
    few = count_queries(lambda: client.get("/api/v1/shifts?limit=100").get_data())
    for day in range(30):
        shift = make.shift(of=make.programme(), place=make.locality(), starts_at=at(day % 20 + 1))
        make.signup(shift, status=SignupStatus.WAITLISTED)
    more = make.series(programme, place=place, rule="RRULE:FREQ=DAILY;COUNT=10",
                       first_start_local=datetime(2027, 3, 3, 8, 0))
    series_rules.make_shifts(db.get(ShiftSeries, more.id), NOW)
    db.commit()

    many = count_queries(lambda: client.get("/api/v1/shifts?limit=100").get_data())

    assert many == few


def test_each_shift_says_what_its_volunteers_should_know_in_the_language_asked_for(at_now, client, make, db):
    programme = make.programme("Wadi clean-up")
    make.shift(of=programme, starts_at=at(2), title="Clean-up", instructions="Bring gloves.",
               translations={"ar": {"instructions": "أحضر قفازات."}})
    make.shift(of=programme, starts_at=at(3), title="Sorting")
    db.commit()

    assert [item["instructions"] for item in client.get("/api/v1/shifts").get_json()["data"]] == ["Bring gloves.", ""]
    in_arabic = client.get("/api/v1/shifts?lang=ar").get_json()["data"]
    assert in_arabic[0]["instructions"] == "أحضر قفازات."


def test_a_place_is_named_in_its_own_language_when_that_language_is_asked(at_now, client, make, db):
    place = make.locality("Port Said", "EG", "Africa/Cairo")
    place.name_local = "بورسعيد"
    make.shift(of=make.programme(), place=place, starts_at=at(2))
    db.commit()

    english = client.get("/api/v1/shifts").get_json()["data"][0]["place"]
    arabic = client.get("/api/v1/shifts?lang=ar").get_json()["data"][0]["place"]
    french = client.get("/api/v1/shifts?lang=fr").get_json()["data"][0]["place"]
    assert (english["name"], english["name_local"]) == ("Port Said", "بورسعيد")
    assert (arabic["name"], french["name"]) == ("بورسعيد", "Port Said")


def test_a_place_is_named_in_the_asked_language_where_the_records_give_that_name(at_now, client, make, db):
    place = make.locality("Marrakesh (named)", "MA", "Africa/Casablanca")
    place.name_local, place.names = "مراكش", {"fr": "Marrakech", "tr": "Marakeş"}
    make.shift(of=make.programme(), place=place, starts_at=at(2))
    db.commit()

    named = {lang: client.get(f"/api/v1/shifts?lang={lang}").get_json()["data"][0]["place"]
             for lang in ("en", "ar", "fr", "tr")}
    assert [named[lang]["name"] for lang in ("en", "ar", "fr", "tr")] == [
        "Marrakesh (named)", "مراكش", "Marrakech", "Marakeş"]
    assert named["en"]["names"] == {"fr": "Marrakech", "tr": "Marakeş"}
