"""The public list of shifts: filters, places left, waitlist length, 'matches my skills', no query per row."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from planner.clock import utcnow
from planner.db import engine_of
from planner.initiatives.models import InitiativeStatus
from planner.volunteering.models import SignupStatus, programme_languages


def in_days(days: int, hour: int = 9) -> datetime:
    return (utcnow() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def test_the_list_shows_places_left_and_waitlist_length(client, make, db):
    shift = make.shift(capacity=2, title="Sorting donated clothes")
    make.signup(shift)
    make.signup(shift)
    make.signup(shift, status=SignupStatus.WAITLISTED)
    db.commit()
    page = client.get(f"/shifts?programme={shift.programme.slug}").get_data(as_text=True)
    assert "Sorting donated clothes" in page
    assert "Full" in page and "1 person waiting" in page


def test_past_cancelled_and_unpublished_shifts_are_not_listed(client, make, db):
    make.shift(title="Already happened", starts_at=utcnow() - timedelta(days=1))
    make.shift(title="Called off", status="cancelled")
    draft = make.initiative(status=InitiativeStatus.DRAFT)
    make.shift(of=make.programme(initiative_id=draft.id), title="Draft initiative shift")
    db.commit()
    page = client.get("/shifts").get_data(as_text=True)
    for title in ("Already happened", "Called off", "Draft initiative shift"):
        assert title not in page


def test_filters_by_place_dates_theme_skill_and_language(client, make, db):
    amman = make.locality("Filter Amman")
    irbid = make.locality("Filter Irbid")
    youth = make.initiative(theme_key=make.theme("youth").key)
    heritage = make.initiative(theme_key=make.theme("heritage").key)
    cooking = make.skill("test-cooking", "Cooking")
    youth_programme = make.programme(initiative_id=youth.id)
    youth_programme.skills = [cooking]
    db.execute(programme_languages.insert().values(programme_id=youth_programme.id, language_code="tr"))
    # far ahead, so a date window holds only these two
    make.shift(of=youth_programme, place=amman, starts_at=in_days(400), title="Youth kitchen")
    make.shift(of=make.programme(initiative_id=heritage.id), place=irbid, starts_at=in_days(410),
               title="Museum tour")
    db.commit()
    window = {"date_from": in_days(399).date().isoformat()}

    def titles(**query):
        page = client.get("/shifts", query_string={**window, **query}).get_data(as_text=True)
        return {t for t in ("Youth kitchen", "Museum tour") if t in page}

    assert titles() == {"Youth kitchen", "Museum tour"}
    assert titles(locality=amman.slug) == {"Youth kitchen"}
    assert titles(date_from=in_days(405).date().isoformat()) == {"Museum tour"}
    assert titles(date_to=in_days(405).date().isoformat()) == {"Youth kitchen"}
    assert titles(theme="heritage") == {"Museum tour"}
    assert titles(skill="test-cooking") == {"Youth kitchen"}
    assert titles(language="tr") == {"Youth kitchen"}


def test_matches_my_skills(client, make, login):
    first_aid = make.skill("test-first-aid", "First aid")
    medics = make.programme()
    medics.skills = [first_aid]
    make.shift(of=medics, title="First aid tent")
    make.shift(title="Leaflet round")
    volunteer = make.user(skills=[first_aid])
    login(volunteer)
    page = client.get("/shifts?mine=y").get_data(as_text=True)
    assert "First aid tent" in page and "Leaflet round" not in page


def test_matching_skills_needs_a_login(client, make):
    assert "Log in to see the shifts that match your skills" in client.get("/shifts?mine=y").get_data(as_text=True)


@pytest.mark.parametrize("query", [
    {"date_from": "not-a-date"},
    {"date_from": "2030-05-01", "date_to": "2030-04-01"},
    {"locality": "nowhere"},
    {"page": "-3"},
    {"theme": "x" * 500},
])
def test_bad_filters_get_a_clear_answer_not_an_error(client, query):
    response = client.get("/shifts", query_string=query)
    assert response.status_code == 200


def test_reversed_date_range_is_explained_beside_the_field(client):
    page = client.get("/shifts?date_from=2030-05-01&date_to=2030-04-01").get_data(as_text=True)
    assert "must not be before its start" in page


def test_the_list_does_not_query_once_per_shift(app, client, make, db):
    for _ in range(3):
        shift = make.shift()
        make.signup(shift, status=SignupStatus.WAITLISTED)
    db.commit()

    def statements_for_list() -> int:
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(engine_of(app), "before_cursor_execute", listener)
        try:
            assert client.get("/shifts").status_code == 200
        finally:
            event.remove(engine_of(app), "before_cursor_execute", listener)
        return len(seen)

    few = statements_for_list()
    for _ in range(6):
        shift = make.shift()
        make.signup(shift, status=SignupStatus.WAITLISTED)
    db.commit()
    assert statements_for_list() == few


def test_weekends_and_times_of_day_are_each_shift_s_own_country_s_and_clock_s(client, make, db, clock):
    """Friday is the weekend in Amman and a weekday in Istanbul; a shift at 01:00 on a Sunday in Amman is a weekday
    morning there, though in UTC it is Saturday evening."""
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))  # a Monday
    amman, istanbul = make.locality("Days Amman"), make.locality("Days Istanbul", "TR", "Europe/Istanbul")
    programme = make.programme()
    starts = {"Amman Friday morning": (amman, datetime(2027, 3, 5, 6, tzinfo=UTC)),  # 09:00 there
              "Amman Sunday evening": (amman, datetime(2027, 3, 7, 15, tzinfo=UTC)),  # 18:00
              "Amman Sunday small hours": (amman, datetime(2027, 3, 6, 22, tzinfo=UTC)),  # Sunday 01:00
              "Istanbul Friday afternoon": (istanbul, datetime(2027, 3, 5, 11, tzinfo=UTC)),  # 14:00
              "Istanbul Sunday morning": (istanbul, datetime(2027, 3, 7, 7, tzinfo=UTC))}  # 10:00
    for title, (place, start) in starts.items():
        make.shift(of=programme, place=place, starts_at=start, title=title)
    weekly = make.series(programme, place=amman, title="Daily breakfast round", rule="RRULE:FREQ=DAILY;COUNT=7",
                         first_start_local=datetime(2027, 3, 2, 8))
    for day in range(7):  # Tuesday 2 to Monday 8 March, 08:00 in Amman
        make.shift(of=programme, place=amman, title="Daily breakfast round", series_id=weekly.id,
                   starts_at=datetime(2027, 3, 2 + day, 5, tzinfo=UTC))
    db.commit()

    def titles(**query) -> set[str]:
        page = client.get("/shifts", query_string={"programme": programme.slug, **query}).get_data(as_text=True)
        return {title for title in starts if title in page}

    assert titles(days="weekend") == {"Amman Friday morning", "Istanbul Sunday morning"}
    assert titles(days="weekdays") == {"Amman Sunday evening", "Amman Sunday small hours", "Istanbul Friday afternoon"}
    assert titles(part_of_day="morning") == {"Amman Friday morning", "Amman Sunday small hours",
                                             "Istanbul Sunday morning"}
    assert titles(part_of_day="afternoon") == {"Istanbul Friday afternoon"}
    assert titles(part_of_day="evening") == {"Amman Sunday evening"}
    assert titles(days="weekend", part_of_day="evening") == set()
    assert titles(days="someday", part_of_day="midnight") == set(starts)  # not offered: ignored
    weekend = client.get("/shifts", query_string={"programme": programme.slug, "days": "weekend"})
    every_day = client.get("/shifts", query_string={"programme": programme.slug})
    assert "Next: Mar 2, 2027 8:00" in every_day.get_data(as_text=True)  # a series shows once, by its next date…
    assert "Next: Mar 5, 2027 8:00" in weekend.get_data(as_text=True)  # …that falls in the filter: Friday in Amman


def test_the_list_counts_no_further_than_the_pages_it_serves(client, make, db, monkeypatch, app, clock):
    """Counting every shift to come would scan them all on each visit; past the last page served it says "more", and
    a page past the end says so rather than that no shift matches."""
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    monkeypatch.setitem(app.config, "MAX_PAGE", 2)
    programme = make.programme()
    for day in range(1, 7):
        make.shift(of=programme, starts_at=in_days(day), title=f"Counted shift {day}")
    db.commit()
    first = client.get("/shifts", query_string={"programme": programme.slug}).get_data(as_text=True)
    assert "More than 4 shifts found" in first and "Page 1 of 2" in first
    assert "Counted shift 1" in first and "Counted shift 3" not in first
    few = client.get("/shifts", query_string={"programme": programme.slug, "date_to": in_days(2).date().isoformat()})
    assert "2 shifts found" in few.get_data(as_text=True)
    deep = client.get("/shifts", query_string={"programme": programme.slug, "page": 3}).get_data(as_text=True)
    assert "We show at most 2 pages of results." in deep and "No upcoming shifts match" not in deep
    past_the_end = client.get("/shifts", query_string={"programme": programme.slug, "page": 5,
                                                       "date_to": in_days(2).date().isoformat()}).get_data(as_text=True)
    assert "There is no page 5: the results fit on 1 page." in past_the_end and "Go to the last page" in past_the_end
