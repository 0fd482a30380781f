"""The shift list shown three ways: cards, a compact list (a line per shift) and a week, day by day."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from planner.db import engine_of

MONDAY = datetime(2027, 3, 1, 8, tzinfo=UTC)


@pytest.fixture
def weekly(make, db, clock):
    """A programme with two dates of one series this week, a single shift on Friday and one next week."""
    clock.set(MONDAY)
    programme = make.programme(name="Week view programme")
    place = make.locality("Week view town")  # on UTC+3: 10:00 UTC is 1:00 PM there
    tuesdays = make.series(programme, place=place, title="Garden watering")
    for day in (2, 4):
        make.shift(of=programme, place=place, title="Garden watering", series_id=tuesdays.id,
                   starts_at=MONDAY.replace(day=day, hour=10))
    make.shift(of=programme, place=place, title="Friday repair café", starts_at=MONDAY.replace(day=5, hour=15))
    make.shift(of=programme, place=place, title="Next week's clean-up", starts_at=MONDAY.replace(day=9, hour=9))
    db.commit()
    return programme


def page_of(client, **query) -> str:
    response = client.get("/shifts", query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def day_section(page: str, heading: str) -> str:
    """The HTML of one day of the week view, from its heading to the next day's."""
    start = page.index(heading)
    following = page.find('<section class="week-day"', start)
    return page[start:following if following != -1 else len(page)]


def test_the_week_shows_each_day_with_every_date_of_a_series(client, weekly):
    page = page_of(client, view="week", programme=weekly.slug)
    assert "Week of Mar 1, 2027 to Mar 7, 2027" in page
    assert len(re.findall(r'<section class="week-day"', page)) == 7
    tuesday = day_section(page, "Tuesday, March 2, 2027")
    assert "Garden watering" in tuesday and "1:00" in tuesday and "4:00" in tuesday
    assert "Garden watering" in day_section(page, "Thursday, March 4, 2027")  # the series' second date too
    assert "Friday repair café" in day_section(page, "Friday, March 5, 2027")
    assert "No shifts" in day_section(page, "Wednesday, March 3, 2027")
    assert "Next week&#39;s clean-up" not in page and "Next week's clean-up" not in page
    assert 'aria-current="page">Week<' in page


def test_the_cards_show_a_series_once_but_the_week_shows_it_on_each_date(client, weekly):
    cards = page_of(client, programme=weekly.slug)
    assert cards.count(">Garden watering<") == 1
    week = page_of(client, view="week", programme=weekly.slug)
    assert week.count(">Garden watering<") == 2


def test_next_and_previous_weeks_keep_the_filters(client, weekly):
    page = page_of(client, view="week", programme=weekly.slug)
    assert "Previous week" not in page  # nothing before this week is still to come
    next_link = re.search(r'href="([^"]+)" rel="next"', page).group(1).replace("&amp;", "&")
    assert "week=2027-03-08" in next_link and f"programme={weekly.slug}" in next_link
    following = client.get(next_link).get_data(as_text=True)
    assert "Next week&#39;s clean-up" in following or "Next week's clean-up" in following
    assert "Garden watering" not in following
    assert 'rel="prev"' in following and "This week" in following


def test_any_day_of_a_week_opens_that_week(client, weekly):
    page = page_of(client, view="week", week="2027-03-10", programme=weekly.slug)  # a Wednesday
    assert "Week of Mar 8, 2027 to Mar 14, 2027" in page


@pytest.mark.parametrize("asked", ["not-a-date", "2026-01-05", "2031-01-06", "2027-02-30", "\x00"])
def test_a_week_that_cannot_be_shown_falls_back_to_this_week_and_says_so(client, weekly, asked):
    page = page_of(client, view="week", week=asked, programme=weekly.slug)
    assert "That week cannot be shown" in page
    assert "Week of Mar 1, 2027 to Mar 7, 2027" in page


def test_the_compact_list_gives_each_shift_one_line(client, weekly):
    page = page_of(client, view="list", programme=weekly.slug)
    lines = re.findall(r'<li class="shift-line">(.*?)</li>', page, re.S)
    assert len(lines) == 3  # the series once, Friday, next week
    assert "Mar 2, 2027" in lines[0]
    assert "Repeats: all dates" in lines[0]
    assert 'class="cards shift-list"' not in page
    assert 'aria-current="page">Compact list<' in page


def test_switching_the_view_keeps_the_filters(client, weekly):
    page = page_of(client, programme=weekly.slug, date_from="2027-03-01")
    for view in ("list", "week"):
        link = re.search(rf'href="([^"]*view={view}[^"]*)"', page).group(1).replace("&amp;", "&")
        assert f"programme={weekly.slug}" in link
    assert "date_from=2027-03-01" in re.search(r'href="([^"]*view=list[^"]*)"', page).group(1)


def test_an_unknown_view_shows_the_cards(client, weekly):
    page = page_of(client, view="<script>", programme=weekly.slug)
    assert 'class="cards shift-list"' in page and "<script>" not in page.split("<main", 1)[1]


def test_the_week_costs_the_same_queries_however_many_shifts_it_holds(app, client, make, db, weekly):
    def statements() -> int:
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(engine_of(app), "before_cursor_execute", listener)
        try:
            page_of(client, view="week")
        finally:
            event.remove(engine_of(app), "before_cursor_execute", listener)
        return len(seen)

    few = statements()
    for hour in range(9, 17):
        make.shift(of=weekly, starts_at=(MONDAY + timedelta(days=2)).replace(hour=hour))
    db.commit()
    assert statements() == few


def test_a_shift_is_on_the_day_its_own_place_calls_it_when_no_place_is_chosen(client, make, db, clock):
    """Monday 00:30 in Amman is Sunday 21:30 UTC, and Sunday 21:00 in Montreal is Monday 02:00 UTC: with no place
    chosen, each is in the week and on the day people there name, and a date filter finds it on that day."""
    clock.set(datetime(2027, 3, 1, 8, tzinfo=UTC))
    programme = make.programme(name="Night watch")
    amman, montreal = make.locality(timezone="Asia/Amman"), make.locality(timezone="America/Montreal")
    make.shift(of=programme, place=amman, title="Amman small hours", starts_at=datetime(2027, 3, 7, 22, 30, tzinfo=UTC))
    make.shift(of=programme, place=montreal, title="Montreal late evening",
               starts_at=datetime(2027, 3, 15, 2, tzinfo=UTC))
    db.commit()
    second_week = page_of(client, view="week", week="2027-03-08", programme=programme.slug)
    assert "Amman small hours" in day_section(second_week, "Monday, March 8, 2027")
    assert "Montreal late evening" in day_section(second_week, "Sunday, March 14, 2027")
    first_week = page_of(client, view="week", programme=programme.slug)
    assert "Amman small hours" not in first_week and "Montreal late evening" not in first_week
    assert "Montreal late evening" not in page_of(client, view="week", week="2027-03-15", programme=programme.slug)
    on_the_eighth = page_of(client, programme=programme.slug, date_from="2027-03-08", date_to="2027-03-08")
    assert "Amman small hours" in on_the_eighth and "Montreal late evening" not in on_the_eighth
    assert "Amman small hours" not in page_of(client, programme=programme.slug, date_to="2027-03-07")


@pytest.mark.parametrize("chosen", [False, True], ids=["no place chosen", "the place chosen"])
def test_this_week_is_the_week_of_today_where_the_shifts_are(client, make, db, clock, chosen):
    """Sunday 22:00 UTC is already Monday 01:00 in Riyadh: its volunteers' "this week" starts that Monday, and
    holds that Monday's shift."""
    clock.set(datetime(2027, 3, 7, 22, tzinfo=UTC))
    programme = make.programme(name="Dawn deliveries")
    riyadh = make.locality(timezone="Asia/Riyadh")
    make.shift(of=programme, place=riyadh, title="Monday morning round", starts_at=datetime(2027, 3, 8, 7, tzinfo=UTC))
    db.commit()
    page = page_of(client, view="week", programme=programme.slug, **({"locality": riyadh.slug} if chosen else {}))
    assert "Week of Mar 8, 2027 to Mar 14, 2027" in page
    assert "Monday morning round" in day_section(page, "Monday, March 8, 2027")
    assert "Previous week" not in page


def test_with_places_a_day_apart_this_week_starts_where_it_is_earliest(client, make, db, clock):
    """Sunday 22:00 UTC is Monday in Riyadh but still Sunday evening in Casablanca: with no place chosen the week
    shown is the one Casablanca is in, so its shift an hour from now is not skipped; Riyadh's Monday is next."""
    clock.set(datetime(2027, 3, 7, 22, tzinfo=UTC))
    programme = make.programme(name="Two cities")
    riyadh, casablanca = make.locality(timezone="Asia/Riyadh"), make.locality(timezone="Africa/Casablanca")
    make.shift(of=programme, place=casablanca, title="Late soup run", starts_at=datetime(2027, 3, 7, 23, tzinfo=UTC))
    make.shift(of=programme, place=riyadh, title="Monday morning round", starts_at=datetime(2027, 3, 8, 7, tzinfo=UTC))
    db.commit()
    page = page_of(client, view="week", programme=programme.slug)
    assert "Week of Mar 1, 2027 to Mar 7, 2027" in page
    assert "Late soup run" in day_section(page, "Sunday, March 7, 2027")
    following = page_of(client, view="week", week="2027-03-08", programme=programme.slug)
    assert "Monday morning round" in day_section(following, "Monday, March 8, 2027")
