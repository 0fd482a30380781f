"""Recurring shifts: a series made from an RRULE, edited from one shift onwards, cancelled whole, listed once."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from planner.accounts.models import Role
from planner.db import session
from planner.notifications.models import Notification
from planner.volunteering import series, services
from planner.volunteering.management import ShiftDetails
from planner.volunteering.models import Shift, ShiftSeries, ShiftStatus, SignupStatus
from planner.volunteering.services import VolunteeringError

NOW = datetime(2027, 1, 4, 9, tzinfo=UTC)  # a Monday
FIRST = datetime(2027, 1, 9, 10, 0)  # Saturday 9 January 2027, 10:00 in Amman (UTC+3)


def _coordinated(make, place_name: str):
    """A coordinator, a programme of their organisation, and a place (in Amman's zone)."""
    organisation = make.organisation()
    coordinator = make.user()
    make.grant(coordinator, Role.COORDINATOR, organisation=organisation)
    return coordinator, make.programme(owner=organisation), make.locality(place_name)


@pytest.fixture
def planned(ctx, make, clock):
    """A coordinator, their programme and a place in Amman, on 4 January 2027."""
    clock.set(NOW)
    return _coordinated(make, "Series Amman")


def _details(place, start=FIRST, title="Saturday food bank", hours=3, capacity=4) -> ShiftDetails:
    return ShiftDetails(title=title, starts_local=start, ends_local=start + timedelta(hours=hours), locality=place,
                        centre=None, place="Hall", capacity=capacity, cutoff_hours=0)


def _shifts(record: ShiftSeries | None = None, programme=None) -> list[Shift]:
    query = select(Shift).order_by(Shift.starts_at)
    if record is not None:
        query = query.where(Shift.series_id == record.id)
    if programme is not None:
        query = query.where(Shift.programme_id == programme.id)
    return list(session.scalars(query))


def test_ten_weekly_saturdays_are_made_at_ten_local_time(planned):
    coordinator, programme, place = planned
    record = series.create_series(coordinator, programme, _details(place), series.Repeat("weekly", [5], count=10))
    made = _shifts(record)
    assert record.rule == "RRULE:FREQ=WEEKLY;COUNT=10;BYDAY=SA"
    assert len(made) == 10
    assert [shift.starts_at for shift in made] == [datetime(2027, 1, 9, 7, tzinfo=UTC) + timedelta(weeks=n)
                                                  for n in range(10)]
    assert {shift.title for shift in made} == {"Saturday food bank"}


def test_editing_from_the_fourth_onwards_leaves_the_first_three_unchanged(planned, make):
    coordinator, programme, place = planned
    record = series.create_series(coordinator, programme, _details(place), series.Repeat("weekly", [5], count=10))
    made = _shifts(record)
    before = [(s.id, s.title, s.starts_at, s.ends_at, s.capacity, s.series_id) for s in made[:3]]
    fifth_volunteer = make.user()
    services.sign_up(fifth_volunteer.id, made[4].id)

    fourth = made[3]
    changed = series.edit_following(coordinator, fourth.id, _details(
        place, start=fourth.occurrence + timedelta(hours=1), title="Saturday food bank (late)", hours=2,
        capacity=6))

    session.expire_all()
    assert changed == 7
    assert [(s.id, s.title, s.starts_at, s.ends_at, s.capacity, s.series_id) for s in _shifts()[:3]] == before
    later = _shifts()[3:]
    assert [s.starts_at for s in later] == [datetime(2027, 1, 30, 8, tzinfo=UTC) + timedelta(weeks=n)
                                            for n in range(7)]
    assert {(s.title, s.capacity, s.ends_at - s.starts_at) for s in later} == {
        ("Saturday food bank (late)", 6, timedelta(hours=2))}
    assert len({s.series_id for s in later}) == 1 and later[0].series_id != record.id
    told = session.scalars(select(Notification).where(Notification.user_id == fifth_volunteer.id,
                                                      Notification.kind == "shift.changed")).all()
    assert len(told) == 1 and "11:00" in told[0].body
    assert series.make_shifts(session.get(ShiftSeries, record.id), NOW) == 0  # the old part makes no more
    assert series.extend_all(NOW + timedelta(weeks=30)) == 0  # ten in all, still


def test_monthly_on_the_second_tuesday_until_a_date_with_an_exception(planned):
    coordinator, programme, place = planned
    start = datetime(2027, 1, 12, 18, 0)  # the second Tuesday of January
    record = series.create_series(coordinator, programme, _details(place, start=start), series.Repeat(
        "monthly", nth=2, until=date(2027, 3, 31), exceptions=[date(2027, 2, 9)]))
    assert record.rule.startswith("RRULE:FREQ=MONTHLY;UNTIL=20270331T235959;BYDAY=+2TU")
    assert [s.starts_at.date() for s in _shifts(record)] == [date(2027, 1, 12), date(2027, 3, 9)]


def test_shifts_are_made_inside_a_rolling_horizon_and_never_twice(planned):
    coordinator, programme, place = planned
    record = series.create_series(coordinator, programme, _details(place), series.Repeat("weekly", [5], count=30))
    assert len(_shifts(record)) == 12  # twelve weeks ahead
    assert series.extend_all(NOW + timedelta(weeks=4)) == 4
    assert series.extend_all(NOW + timedelta(weeks=4)) == 0
    assert len(_shifts(record)) == 16


def test_ten_oclock_stays_ten_oclock_across_a_clock_change(planned, make, clock):
    coordinator, programme, _place = planned
    clock.set(datetime(2027, 3, 1, tzinfo=UTC))
    paris = make.locality("Series Paris", country_code="FR", timezone="Europe/Paris")
    start = datetime(2027, 3, 27, 10, 0)  # clocks go forward on Sunday 28 March
    record = series.create_series(coordinator, programme, _details(paris, start=start),
                                  series.Repeat("weekly", [5], count=2))
    assert [s.starts_at.hour for s in _shifts(record)] == [9, 8]  # 10:00 in Paris, before and after


@pytest.mark.parametrize("today, first, expected_utc", [
    # Paris skips 02:00-03:00 on 28 March: that Sunday's 02:30 is 03:30, as calendars read it (RFC 5545, 3.3.5)
    (datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 3, 21, 2, 30), [(3, 21, 1), (3, 28, 1), (4, 4, 0)]),
    # Paris has 02:00-03:00 twice on 31 October: that Sunday's 02:30 is the first of the two
    (datetime(2027, 10, 1, tzinfo=UTC), datetime(2027, 10, 24, 2, 30), [(10, 24, 0), (10, 31, 0), (11, 7, 1)]),
])
def test_a_clock_change_never_drops_a_week_of_the_series(planned, make, clock, today, first, expected_utc):
    coordinator, programme, _place = planned
    clock.set(today)
    paris = make.locality("Series Paris at night", country_code="FR", timezone="Europe/Paris")
    record = series.create_series(coordinator, programme, _details(paris, start=first, hours=2),
                                  series.Repeat("weekly", [6], count=3))
    made = _shifts(record)
    assert [shift.starts_at for shift in made] == [datetime(2027, month, day, hour, 30, tzinfo=UTC)
                                                  for month, day, hour in expected_utc]
    assert all(shift.ends_at > shift.starts_at for shift in made)


def test_cancelling_the_series_cancels_what_is_to_come_and_tells_the_volunteers(planned, make):
    coordinator, programme, place = planned
    record = series.create_series(coordinator, programme, _details(place), series.Repeat("weekly", [5], count=5))
    volunteer = make.user()
    signup = services.sign_up(volunteer.id, _shifts(record)[1].id).signup
    assert series.cancel_series(coordinator, record.id, "The hall is closed.") == 5
    assert {s.status for s in _shifts(record)} == {ShiftStatus.CANCELLED}
    assert signup.status is SignupStatus.CANCELLED
    assert series.extend_all(NOW + timedelta(weeks=1)) == 0
    with pytest.raises(VolunteeringError):
        series.cancel_series(coordinator, record.id, "")


@pytest.mark.parametrize("repeat, message", [
    (series.Repeat("weekly", [5]), "Say when the series ends"),
    (series.Repeat("weekly", [5], count=0), "between 1 and"),
    (series.Repeat("weekly", [5], until=date(2027, 1, 1)), "end after its first shift"),
    (series.Repeat("yearly", count=3), "Choose how the shift repeats"),
])
def test_a_rule_that_cannot_be_kept_is_refused_and_nothing_is_made(planned, repeat, message):
    coordinator, programme, place = planned
    with pytest.raises(VolunteeringError, match=message):
        series.create_series(coordinator, programme, _details(place), repeat)
    assert _shifts(programme=programme) == []


def test_the_list_shows_a_series_once_and_its_page_lists_the_dates(app, client, db, make, login, clock):
    clock.set(NOW)
    coordinator, programme, place = _coordinated(make, "Series Irbid")
    login(coordinator)
    page = client.get(f"/programmes/{programme.slug}/shifts/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(f"/programmes/{programme.slug}/shifts/new", data={
        "csrf_token": token, "title": "Saturday reading circle", "starts_at": "2027-01-09T10:00",
        "ends_at": "2027-01-09T13:00", "locality": str(place.id), "centre": "", "place": "Library",
        "capacity": "5", "signup_cutoff_hours": "0", "repeat": "weekly", "weekdays": "5", "ends": "count",
        "count": "10", "exceptions": "2027-01-23"})
    assert response.status_code == 302 and "/shifts/series/" in response.headers["Location"]
    listing = client.get(f"/shifts?programme={programme.slug}").get_data(as_text=True).replace("\u202f", " ")
    assert listing.count("Saturday reading circle") == 1
    assert "Every Saturday, 10:00 AM–1:00 PM" in listing and "1 shift found" in listing
    dates = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Jan 23, 2027" not in dates and "Jan 16, 2027" in dates and "Mar 13, 2027" in dates
    feed = Calendar.from_ical(client.get(f"/programmes/{programme.slug}/shifts.ics").data)
    events = [event for event in feed.walk("VEVENT") if "reading circle" in str(event["summary"])]
    assert len(events) == 9 and len({str(event["uid"]) for event in events}) == 9


def test_a_series_shift_offers_this_or_the_following_on_its_edit_form(client, db, make, login, clock):
    clock.set(NOW)
    coordinator, programme, place = _coordinated(make, "Series Zarqa")
    db.commit()  # a savepoint: what the test arranged outlives the request context's end
    with client.application.test_request_context():
        record = series.create_series(coordinator, programme, _details(place), series.Repeat("weekly", [5], count=4))
        ids = [s.id for s in _shifts(record)]
        db.commit()
    login(coordinator)
    form = client.get(f"/shifts/{ids[1]}/edit").get_data(as_text=True)
    assert "This shift and the following" in form
    fields = dict(re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', form))
    fields.update(locality=str(place.id), centre="", title="Renamed circle", scope="following")
    assert client.post(f"/shifts/{ids[1]}/edit", data=fields).status_code == 302
    db.expire_all()
    assert [db.get(Shift, i).title for i in ids] == ["Saturday food bank"] + ["Renamed circle"] * 3


def test_the_following_shifts_keep_the_series_languages_for_what_did_not_change(planned):
    coordinator, programme, place = planned
    record = series.create_series(coordinator, programme, _details(place), series.Repeat("weekly", [5], count=10))
    record.original_language = "ar"
    record.translations = {"fr": {"title": "Banque alimentaire du samedi", "place": "Salle"}}
    session.flush()
    fourth = _shifts(record)[3]

    series.edit_following(coordinator, fourth.id, replace(_details(place, start=fourth.occurrence), place="Garden"))

    session.expire_all()
    new = session.get(Shift, fourth.id).series
    assert new.id != record.id and new.original_language == "ar"
    assert new.translations == {"fr": {"title": "Banque alimentaire du samedi"}}  # the old place's French is gone
