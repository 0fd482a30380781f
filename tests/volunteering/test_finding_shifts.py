"""The public list of shifts: filters, places left, waitlist length, 'matches my skills', no query per row."""
from __future__ import annotations

from datetime import datetime, timedelta

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
