"""No query per row on the signed-in pages and downloads: each costs the same statements whether it lists two rows
or twelve (the public directory's lists have their own test in tests/directory/test_query_counts.py)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import inspect, select

from planner.accounts.models import Role, User
from planner.accounts.sessions import start_session
from planner.audit.services import record_event
from planner.budgets.models import LineItem, RequestStatus, Vote, VoteChoice
from planner.db import session
from planner.initiatives.models import InitiativeStatus
from planner.notifications.models import Notification, NotificationStatus
from planner.volunteering.models import Programme, SignupStatus
from tests.conftest import statements_sent

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
FEW, MORE = 2, 10


def fresh(record):
    """The record in the current session (a request ends the session the scene was built in)."""
    return session.get(type(record), inspect(record).identity)


@dataclass
class Scene:
    """Who looks, at what, and how to give the page more rows to show."""

    viewer: User
    path: str
    grow: Callable[[int], None]


def roster(make) -> Scene:
    """A running shift's roster: places (some checked in, some with guests) and a waitlist."""
    programme = make.programme()
    shift = make.shift(of=programme, starts_at=NOW - timedelta(hours=1), capacity=100)

    def grow(count: int) -> None:
        for number in range(count):
            make.signup(fresh(shift), checked_in_at=NOW if number % 2 else None, party_size=1 + number % 2,
                        guest_names="A friend" if number % 2 else "")
            make.signup(fresh(shift), status=SignupStatus.WAITLISTED)
    return Scene(make.coordinator(of=programme.organisation), f"/shifts/{shift.id}/roster", grow)


def roster_csv(make) -> Scene:
    scene = roster(make)
    return Scene(scene.viewer, scene.path.replace("/roster", "/roster.csv"), scene.grow)


def own_home(make) -> Scene:
    """The volunteer's /me: their coming shifts, each of another programme, organisation and place."""
    volunteer = make.user()
    return Scene(volunteer, "/me", lambda count: [
        make.signup(make.shift(starts_at=NOW + timedelta(days=2 + number)), fresh(volunteer))
        for number in range(count)])


def own_shifts(make) -> Scene:
    """The volunteer's shifts: coming ones and their history with verified hours."""
    volunteer = make.user()

    def grow(count: int) -> None:
        for number in range(count):
            make.signup(make.shift(starts_at=NOW + timedelta(days=2 + number)), fresh(volunteer))
            make.marked(make.programme(), fresh(volunteer), "2.50", NOW - timedelta(days=10 + number))
    return Scene(volunteer, "/me/shifts", grow)


def own_hours_csv(make) -> Scene:
    scene = own_shifts(make)
    return Scene(scene.viewer, "/me/hours.csv", scene.grow)


def own_certificates(make) -> Scene:
    volunteer = make.user()
    return Scene(volunteer, "/me/certificates",
                 lambda count: [make.certificate(fresh(volunteer)) for _ in range(count)])


def programme_hours(make) -> Scene:
    """A programme's year: a row per volunteer who came."""
    programme = make.programme()
    return Scene(make.coordinator(of=programme.organisation), f"/programmes/{programme.id}/hours?year=2027",
                 lambda count: [make.marked(fresh(programme), make.user(), "3.00", NOW - timedelta(days=number + 1))
                                for number in range(count)])


def organisation_hours(make) -> Scene:
    """An organisation's year: a row per programme and per volunteer."""
    organisation = make.organisation()
    return Scene(make.coordinator(of=organisation), f"/organisations/{organisation.id}/hours?year=2027",
                 lambda count: [make.marked(make.programme(owner=fresh(organisation)), make.user(), "1.00",
                                            NOW - timedelta(days=number + 1)) for number in range(count)])


def own_initiatives(make) -> Scene:
    """A coordinator's initiatives, drafts and submitted ones."""
    organisation = make.organisation()
    return Scene(make.coordinator(of=organisation), "/initiatives/mine", lambda count: [
        make.initiative(lead=fresh(organisation),
                        status=InitiativeStatus.SUBMITTED if number % 2 else InitiativeStatus.DRAFT)
        for number in range(count)])


def review_queue(make) -> Scene:
    """A council member's initiatives to review, each led by another organisation."""
    council = make.council()
    return Scene(make.council_member(council), "/initiatives/review", lambda count: [
        make.initiative(in_council=fresh(council), status=InitiativeStatus.SUBMITTED) for _ in range(count)])


def council_requests(make) -> Scene:
    """A council's budget requests, for its members."""
    council = make.council()
    return Scene(make.council_member(council), f"/councils/{council.id}/requests", lambda count: [
        make.budget_request(make.initiative(in_council=fresh(council)), year=2027, status=RequestStatus.SUBMITTED)
        for _ in range(count)])


def accounts(make) -> Scene:
    """The administrators' list of accounts, each with a role."""
    def grow(count: int) -> None:
        for _ in range(count):
            make.grant(make.user(name="Listed person"), Role.COORDINATOR, organisation=make.organisation())
    return Scene(make.admin(), "/admin/users?q=Listed", grow)


def council_members(make) -> Scene:
    council = make.council()
    return Scene(make.admin(), f"/councils/{council.id}/members",
                 lambda count: [make.council_member(fresh(council)) for _ in range(count)])


def audit_log(make) -> Scene:
    """The audit log: events by several people on several kinds of record."""
    def grow(count: int) -> None:
        for _ in range(count):
            actor = make.user()
            record_event(actor, "initiative.update", make.initiative(), after={"title": "Changed"})
            record_event(actor, "shift.update", make.shift(), after={"capacity": 6})
    return Scene(make.admin(), "/admin/audit", grow)


def own_sessions(make) -> Scene:
    person = make.user()
    return Scene(person, "/account/security", lambda count: [
        start_session(fresh(person), user_agent=f"Browser {number}") for number in range(count)])


def programme_page(make) -> Scene:
    """A programme's public page with its coming shifts (some with a waitlist), for a signed-in volunteer."""
    programme = make.programme()

    def grow(count: int) -> None:
        for number in range(count):
            shift = make.shift(of=fresh(programme), starts_at=NOW + timedelta(days=1 + number), capacity=1)
            make.signup(shift)
            make.signup(shift, status=SignupStatus.WAITLISTED)
    return Scene(make.user(), f"/programmes/{programme.slug}", grow)


def requirements_page(make) -> Scene:
    """A programme's requirements page: what it asks (each kept by another of its coordinators' programmes, which
    asks for it too), what they could share, and who has each."""
    programme = make.programme()

    def grow(count: int) -> None:
        own = fresh(programme)
        for _number in range(count):
            other = make.programme(owner=own.organisation)
            shared = make.requirement(other, f"Check of {other.slug}")
            shared.asking.append(own)
            make.requirement(other, f"Course of {other.slug}")  # offered to share
            make.requirement_met(shared, make.user())
    return Scene(make.coordinator(of=programme.organisation), f"/programmes/{programme.slug}/requirements", grow)


def programme_downloads(path: str):
    def build(make) -> Scene:
        scene = programme_page(make)
        slug = scene.path.rsplit("/", 1)[1]
        coordinator = make.coordinator(of=session.scalar(select(Programme).where(Programme.slug == slug)).organisation)
        return Scene(coordinator, f"/programmes/{slug}/{path}", scene.grow)
    build.__name__ = f"programme_{path}"
    return build


def request_page(make) -> Scene:
    """A budget request with its lines, seen by a member of its council while the others vote."""
    council = make.council()
    request = make.budget_request(make.initiative(in_council=council), year=2027, status=RequestStatus.SUBMITTED)

    def grow(count: int) -> None:
        held = fresh(request)
        for number in range(count):
            session.add(LineItem(version_id=held.versions[0].id, position=100 + number + len(held.versions[0].items),
                                 category="staff", description=f"Line {number}", quantity=Decimal(1),
                                 unit_cost=Decimal("10.00"), amount=Decimal("10.00")))
            session.add(Vote(request_id=held.id, version_number=1, member_id=make.council_member(fresh(council)).id,
                             choice=VoteChoice.APPROVE, reason="Good value."))
        session.flush()
    return Scene(make.council_member(council), f"/requests/{request.id}", grow)


def failed_mail(make) -> Scene:
    """The administrators' list of e-mails that could not be sent."""
    return Scene(make.admin(), "/admin/notifications", lambda count: [session.add(Notification(
        user_id=make.user().id, to_address=f"gone{number}@example.org", kind="signup.confirmed", subject="Your place",
        body="…", status=NotificationStatus.FAILED, attempts=5, last_error="550 no such user")) for number in range(
        count)])


SCENES = [roster, roster_csv, own_home, own_shifts, own_hours_csv, own_certificates, programme_hours,
          organisation_hours, own_initiatives, review_queue, council_requests, accounts, council_members, audit_log,
          own_sessions, programme_page, requirements_page, programme_downloads("shifts.ics"), programme_downloads("shifts.csv"),
          request_page, failed_mail]


@pytest.mark.parametrize("build", SCENES, ids=[build.__name__ for build in SCENES])
def test_a_signed_in_page_costs_the_same_statements_for_two_rows_or_twelve(app, client, db, make, login, clock,
                                                                            build):
    clock.set(NOW)
    scene = build(make)
    scene.grow(FEW)
    db.commit()
    login(scene.viewer)
    first = client.get(scene.path)
    assert first.status_code == 200, first.get_data(as_text=True)[:500]

    def statements() -> tuple[int, int]:
        """How many statements the page cost, and how long it was."""
        db.remove()  # each request starts with an empty session, as in production
        with statements_sent(app) as sent:
            answer = client.get(scene.path)
        assert answer.status_code == 200
        return len(sent), len(answer.get_data())

    few, shorter = statements()
    scene.grow(MORE)
    db.commit()
    many, longer = statements()
    assert longer > shorter  # the rows added are shown
    assert many == few
