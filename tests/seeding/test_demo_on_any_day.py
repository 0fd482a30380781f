"""The demo never ages: loaded on any day it has upcoming shifts, a volunteer's history, this year's budgets
and decisions in order; loading again changes nothing, and a later load only tops up the weeks ahead."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import yaml
from markupsafe import escape
from sqlalchemy import select

from planner.accounts.models import User
from planner.budgets.models import BudgetEnvelope, Decision, DecisionOutcome
from planner.councils.models import Council
from planner.db import session
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.seeding.loader import load_seeds
from planner.volunteering.models import (HOLDS_A_PLACE, LoggedHours, LoggedHoursStatus, ProgrammeRequirement,
                                         RequirementMet, Shift, ShiftStatus, Signup, SignupStatus)
from tests.conftest import ArrangedDataClient
from tests.seeding.conftest import LOADED_AT, SEEDS, dump, edit
from tests.seeding.test_loading import EXPECTED_COUNTS

LOAD_DAYS = [
    # (load instant, why it is worth a look)
    pytest.param(datetime(2026, 12, 2, 4, 0, tzinfo=UTC), id="the day the demo was rewritten"),
    pytest.param(datetime(2027, 1, 1, 0, 20, tzinfo=UTC), id="twenty minutes into a fiscal year"),
    pytest.param(datetime(2027, 6, 15, 12, 0, tzinfo=UTC), id="mid-year"),
    pytest.param(datetime(2027, 12, 31, 23, 40, tzinfo=UTC), id="the last minutes of a fiscal year"),
    pytest.param(datetime(2028, 2, 29, 21, 30, tzinfo=UTC), id="a leap day, already tomorrow in Amman"),
    pytest.param(datetime(2033, 9, 4, 8, 0, tzinfo=UTC), id="years later"),
]


def shifts_ahead(now: datetime, weeks: int = 6) -> list[Shift]:
    return session_scalars(select(Shift).where(
        Shift.status == ShiftStatus.SCHEDULED, Shift.starts_at > now, Shift.starts_at <= now + timedelta(weeks=weeks)))


def session_scalars(statement) -> list:
    return list(session.scalars(statement))


def waiting(shift: Shift) -> int:
    return sum(signup.status is SignupStatus.WAITLISTED
               for signup in session_scalars(select(Signup).where(Signup.shift_id == shift.id)))


@pytest.mark.parametrize("now", LOAD_DAYS)
def test_the_demo_has_shifts_to_sign_up_for_in_the_next_six_weeks(demo_db, now):
    load_seeds(SEEDS, now=now)
    ahead = shifts_ahead(now)
    assert len(ahead) >= 10
    assert len({(shift.starts_at - now).days // 7 for shift in ahead}) >= 5  # spread over the weeks, not bunched
    nearly_full = [s for s in ahead if 0 < s.places_left <= max(1, s.capacity // 4)]
    full_and_waiting = [s for s in ahead if s.places_left == 0 and waiting(s) > 0]
    assert nearly_full and len(full_and_waiting) == 1
    soon = [s for s in shifts_ahead(now, weeks=1) if s.starts_at <= now + timedelta(hours=48)]
    assert any(signup.status is SignupStatus.CONFIRMED for s in soon
               for signup in session_scalars(select(Signup).where(Signup.shift_id == s.id)))


@pytest.mark.parametrize("now", LOAD_DAYS)
def test_the_demo_volunteer_has_a_history_of_verified_hours(demo_db, now):
    load_seeds(SEEDS, now=now)
    volunteer = session_scalars(select(User).where(User.email == "demo-volunteer@example.org"))[0]
    past = session_scalars(select(Signup).join(Shift).where(Signup.volunteer_id == volunteer.id, Shift.ends_at < now))
    attended = [signup for signup in past if signup.status is SignupStatus.ATTENDED]
    assert len(attended) >= 2
    assert all(signup.hours and signup.shift.ends_at < signup.hours_verified_at <= now for signup in attended)
    for shift in {signup.shift for signup in past}:  # the place counter agrees with the rows
        rows = session_scalars(select(Signup).where(Signup.shift_id == shift.id))
        assert shift.confirmed_count == sum(row.status in HOLDS_A_PLACE for row in rows)


@pytest.mark.parametrize("now", LOAD_DAYS)
def test_the_demo_has_hours_logged_outside_the_shifts_one_waiting_for_the_demo_coordinator(demo_db, now):
    load_seeds(SEEDS, now=now)
    logged = session_scalars(select(LoggedHours).order_by(LoggedHours.worked_on))
    assert [entry.status for entry in logged] == [LoggedHoursStatus.VERIFIED, LoggedHoursStatus.PENDING]
    assert all(entry.worked_on < now.date() and entry.logged_at <= now for entry in logged)
    assert logged[0].decided_at <= now and logged[1].volunteer.email == "demo-volunteer@example.org"
    load_seeds(SEEDS, now=now + timedelta(days=9))  # a later load adds none
    assert len(session_scalars(select(LoggedHours))) == 2


def test_the_youth_tutors_ask_for_a_safeguarding_check_once_however_often_the_demo_loads(demo_db):
    load_seeds(SEEDS, now=LOADED_AT)
    load_seeds(SEEDS, now=LOADED_AT + timedelta(days=9))
    asked = session_scalars(select(ProgrammeRequirement))
    assert [(item.programme.slug, item.name) for item in asked] == [("youth-horizons-mentors",
                                                                     "Child safeguarding check")]
    assert [met.volunteer.email for met in session_scalars(select(RequirementMet))] == ["rania.haddad@example.org"]


@pytest.mark.parametrize("now", LOAD_DAYS)
def test_every_council_has_this_and_next_years_envelopes_and_this_years_decisions_in_order(demo_db, now):
    load_seeds(SEEDS, now=now)
    start_of_year = datetime(now.year, 1, 1, tzinfo=UTC)
    for council in session_scalars(select(Council)):
        years = {envelope.fiscal_year for envelope in session_scalars(
            select(BudgetEnvelope).where(BudgetEnvelope.council_id == council.id))}
        assert {now.year, now.year + 1} <= years, council.slug
    file_order = [entry["key"] for entry in yaml.safe_load((SEEDS / "budgets.yaml").read_text("utf-8"))["requests"]]
    decided = session_scalars(select(Decision).order_by(Decision.decided_at))
    assert len(decided) == EXPECTED_COUNTS["budget_decisions"]
    for decision in decided:
        request = decision.request
        assert start_of_year <= request.submitted_at <= decision.decided_at <= now
        assert decision.fiscal_year == request.fiscal_year == now.year
    for council in {decision.council_id for decision in decided}:
        keys = [decision.request.key for decision in decided if decision.council_id == council]
        assert keys == sorted(keys, key=file_order.index), "decided in the order the file tells them"


@pytest.mark.parametrize("now", LOAD_DAYS)
def test_initiatives_status_matches_their_dates(demo_db, now):
    load_seeds(SEEDS, now=now)
    today = now.date()
    for initiative in session_scalars(select(Initiative)):
        assert initiative.ends_on is None or initiative.ends_on >= today, initiative.slug
        if initiative.status is InitiativeStatus.DRAFT:
            assert initiative.starts_on > today, initiative.slug


def test_loading_twice_changes_nothing(loaded):
    """Loading again leaves every row of every table as it was (updated_at columns, search index rows and audit
    events included), and so does an update run when the files have not changed."""
    before = dump()
    assert load_seeds(SEEDS, now=LOADED_AT) == EXPECTED_COUNTS
    assert dump() == before
    load_seeds(SEEDS, now=LOADED_AT, update=True)
    assert dump() == before


def test_a_later_load_tops_up_the_weeks_ahead_and_keeps_every_record_as_it_is(loaded):
    renamed = session_scalars(select(Initiative).where(Initiative.slug == "zarqa-youth-horizons"))[0]
    renamed.title = "Youth Horizons (as the coordinator now calls it)"
    session.commit()
    before = dump()
    a_month_later = LOADED_AT + timedelta(days=30)
    load_seeds(SEEDS, now=a_month_later)
    after = dump()
    for table, rows in before.items():
        assert all(row in after[table] for row in rows), f"{table}: a record loaded before was changed"
    assert {table for table in after if len(after[table]) > len(before[table])} == {"shifts"}
    assert renamed.title == "Youth Horizons (as the coordinator now calls it)"
    assert len(shifts_ahead(a_month_later)) >= 10
    assert load_seeds(SEEDS, now=LOADED_AT + timedelta(days=400))  # a year on, it still loads


def test_a_changed_seed_leaves_loaded_records_alone_unless_asked_to_update(loaded, seed_copy):
    edit(seed_copy, "councils.yaml", 'name: "Zarqa Local Council"', 'name: "Zarqa City Council"')
    before = dump()
    load_seeds(seed_copy, now=LOADED_AT)
    assert dump() == before
    load_seeds(seed_copy, now=LOADED_AT, update=True)
    after = dump()
    changed = {table for table in before if after[table] != before[table]}
    # Only the council row and its search entry change: no budget record, so no audit event either.
    assert changed == {"councils", "search_entries"}
    updated = [row for row in after["councils"] if row not in before["councils"]]
    assert len(updated) == 1
    council = session_scalars(select(Council).where(Council.slug == "zarqa"))[0]
    assert council.name == "Zarqa City Council"
    assert council.translations == {"ar": {"name": "المجلس المحلي لمدينة الزرقاء"}}  # the file's, not set aside


def test_every_envelope_has_a_public_page_showing_its_published_decisions(demo_app, loaded):
    demo_app.test_client_class = ArrangedDataClient
    client = demo_app.test_client()
    decisions = session_scalars(select(Decision))
    for envelope in session_scalars(select(BudgetEnvelope)):
        council = session.get(Council, envelope.council_id)
        page = client.get(f"/councils/{council.slug}/budget/{envelope.fiscal_year}")
        assert page.status_code == 200
        for decision in decisions:
            if decision.envelope_id == envelope.id:
                shown = str(escape(decision.reason)) in page.get_data(as_text=True)
                assert shown is (decision.outcome is not DecisionOutcome.RETURNED)  # a return is not published


def test_the_home_and_budget_pages_of_a_demo_loaded_years_later_are_full(demo_app, demo_db, clock):
    now = clock.set(datetime(2028, 5, 17, 8, 0, tzinfo=UTC))
    load_seeds(SEEDS)
    demo_app.test_client_class = ArrangedDataClient
    client = demo_app.test_client()
    home = client.get("/").get_data(as_text=True)
    assert "Petition-writing workshop" in home and "1 place left" in home
    budget = client.get(f"/councils/amman-east/budget/{now.year}").get_data(as_text=True)
    assert "Matches the council&#39;s priority on resident participation" in budget
