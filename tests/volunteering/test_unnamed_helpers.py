"""Helpers without an account (a school class, neighbours passing by): the coordinator counts them on the roster with
their hours each, and the hours reports add them beside the volunteers who were marked on the rosters."""
from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from planner.audit.models import AuditEvent
from planner.volunteering.models import Shift, SignupStatus

START = datetime(2027, 4, 17, 6, 0, tzinfo=UTC)  # 09:00 in Amman


@pytest.fixture
def clean_up(make):
    """A three-hour clean-up, one volunteer with a place, and its coordinator."""
    programme = make.programme(name="Wadi clean-ups")
    shift = make.shift(of=programme, starts_at=START, hours=3, capacity=10, title="Clean-up of the wadi",
                       place=make.locality("Unnamed Amman", timezone="Asia/Amman"))
    make.signup(shift)
    return programme, shift, make.coordinator(of=programme.organisation)


def record(client, shift, **fields):
    return client.post(f"/shifts/{shift.id}/roster/unnamed-helpers",
                       data={f"unnamed-{name}": value for name, value in fields.items()})


def test_the_coordinator_counts_them_with_the_shift_s_length_as_their_hours(client, db, login, clock, clean_up):
    _programme, shift, coordinator = clean_up
    clock.set(START + timedelta(hours=4))
    login(coordinator)
    assert "Helpers without an account" in client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)

    answer = record(client, shift, count="12", hours_each="")

    assert answer.status_code == 302 and answer.headers["Location"].endswith("/roster#unnamed-helpers")
    saved = db.get(Shift, shift.id)
    assert (saved.unnamed_helpers, saved.unnamed_hours_each) == (12, Decimal("3.00"))
    roster = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert "Saved: 12 helpers without an account." in roster and "Recorded: 12 helpers, 3 hours each." in roster
    assert 'value="12"' in roster
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "shift.unnamed_helpers"))
    assert event.actor_id == coordinator.id and event.record_id == shift.id

    record(client, shift, count="0", hours_each="2")
    db.expire_all()
    assert (db.get(Shift, shift.id).unnamed_helpers, db.get(Shift, shift.id).unnamed_hours_each) == (0, Decimal(0))


@pytest.mark.parametrize("fields, field, message", [
    ({"count": "-1", "hours_each": ""}, "count", "Enter a number between 0 and 10,000."),
    ({"count": "many", "hours_each": ""}, "count", "Not a valid integer value."),
    ({"count": "5", "hours_each": "99"}, "hours_each", "Enter between 0 and 24 hours."),
    ({"count": "5", "hours_each": "three"}, "hours_each", "Not a valid decimal value."),
], ids=["negative", "not-a-number", "too-many-hours", "hours-not-a-number"])
def test_bad_figures_are_refused_beside_their_field_and_nothing_is_saved(client, db, login, clock, clean_up, fields,
                                                                        field, message):
    _programme, shift, coordinator = clean_up
    clock.set(START + timedelta(hours=4))
    login(coordinator)

    answer = record(client, shift, **fields)

    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert f'id="unnamed-{field}-error"' in page and message in page
    assert db.get(Shift, shift.id).unnamed_helpers == 0


def test_before_the_shift_starts_there_is_no_one_to_count(client, db, login, clock, clean_up):
    _programme, shift, coordinator = clean_up
    clock.set(START - timedelta(hours=1))
    login(coordinator)
    assert "Helpers without an account" not in client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)

    answer = record(client, shift, count="4", hours_each="")

    assert answer.status_code == 400 and "once the shift has started" in answer.get_data(as_text=True)
    assert db.get(Shift, shift.id).unnamed_helpers == 0


def test_the_hours_report_adds_them_beside_the_volunteers_of_their_year(client, db, login, make, clock, clean_up):
    programme, shift, coordinator = clean_up
    volunteer = make.user(name="Huda Marked")
    make.signup(shift, volunteer, status=SignupStatus.ATTENDED, hours=Decimal("3.00"), hours_verified_at=START)
    db.get(Shift, shift.id).unnamed_helpers, db.get(Shift, shift.id).unnamed_hours_each = 12, Decimal("2.50")
    last_year = make.shift(of=programme, starts_at=START - timedelta(days=365), hours=2)
    last_year.unnamed_helpers, last_year.unnamed_hours_each = 7, Decimal("2.00")
    db.commit()
    clock.set(START + timedelta(days=1))
    login(coordinator)

    page = client.get(f"/programmes/{programme.slug}/hours?year=2027").get_data(as_text=True)
    sheet = client.get(f"/programmes/{programme.slug}/hours.csv?year=2027").get_data(as_text=True)
    earlier = client.get(f"/programmes/{programme.slug}/hours?year=2026").get_data(as_text=True)

    assert "12 helpers without an account also came, for 30 hours in all." in page and "Huda Marked" in page
    rows = list(csv.reader(io.StringIO(sheet.removeprefix("\ufeff"))))
    assert rows[-1] == ["Helpers without an account (12)", "", "", "30.00", ""]
    assert "7 helpers without an account also came, for 14 hours in all." in earlier  # a year with no one marked


def test_a_year_with_no_helper_without_an_account_says_nothing_of_them(client, db, login, make, clock, clean_up):
    programme, shift, coordinator = clean_up
    make.signup(shift, status=SignupStatus.ATTENDED, hours=Decimal("3.00"), hours_verified_at=START)
    db.commit()
    clock.set(START + timedelta(days=1))
    login(coordinator)

    page = client.get(f"/programmes/{programme.slug}/hours?year=2027").get_data(as_text=True)
    sheet = client.get(f"/programmes/{programme.slug}/hours.csv?year=2027").get_data(as_text=True)

    assert "without an account" not in page and "without an account" not in sheet


def test_the_council_reviewing_a_request_sees_them_beside_the_initiative_s_volunteers(client, db, login, make, clock):
    from planner.budgets.models import RequestStatus

    clock.set(START + timedelta(days=1))
    initiative = make.initiative(title="Wadi days")
    shift = make.shift(of=make.programme(initiative_id=initiative.id), starts_at=START, hours=3)
    shift.unnamed_helpers, shift.unnamed_hours_each = 30, Decimal("1.50")  # a school's morning, no one marked
    request = make.budget_request(for_initiative=initiative, year=2027, status=RequestStatus.SUBMITTED)
    db.commit()
    login(make.council_member(of=initiative.council))

    page = client.get(f"/requests/{request.id}").get_data(as_text=True)

    assert "Volunteering for this initiative" in page and "recorded in 2027" in page
    assert "30 helpers without an account also came, for 45 hours in all." in page
