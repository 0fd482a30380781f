"""Every form on every page a role may open, sent back with one field at a time given an odd value: the answer is
the page with a message, a redirect or a refusal, never a 500; and a form answered with its messages has written
nothing (nothing half-saved).

The forms are read from the pages themselves (their action, method, and the values they show), so a form added
tomorrow is swept without anyone listing it. Odd values are the kinds that have broken pages before: digits that
Python calls digits but cannot read as a number, words it reads as numbers that are none (NaN, Infinity), numbers
past any column's range or float's, text far longer than any field, an impossible date.
"""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pyotp
import pytest
from flask import url_for

from planner.accounts.sessions import start_session

from planner.budgets.models import RequestStatus, Vote, VoteChoice
from planner.clock import utcnow
from planner.db import engine_of, session
from planner.volunteering.checkin import venue_code
from tests import factories as make
from tests.conftest import log_in
from tests.html_forms import Form, forms_on
from tests.permissions.test_route_matrix import MATRIX, OK, extend_world, writes_to
from tests.permissions.world import build_world

ODD_VALUES = ["²", "99999999999999999999", "1e309", "2026-13-45", "x" * 3000,
              "0001-01-01", "9999-12-31", "0001-01-01T00:00", "9999-12-31T23:59",  # days at the ends of the calendar
              "sNaN", "-Infinity"]  # words Python's Decimal reads as numbers
LATER_ROW = re.compile(r"-[1-9]\d*-")  # lines-3-amount: a repeated row's fields are swept in its first row
# The forms only states_the_matrix_never_reaches shows, by the address they post to.
REACHED_ONLY_IN_STATES = {
    "volunteer": (r"/me/certificates", r"/account/sessions/\w+/end", r"/account/security/two-factor",
                  r"/shifts/\d+/here/\w+"),
    "coordinator_a": (r"/shifts/\d+/roster/\d+", r"/shifts/\d+/check-in", r"/requests/\d+/submit"),
    "admin": (r"/shifts/\d+/roster/\d+",),
    "chair_x": (r"/requests/\d+/decide",),
}
# Forms that would end the sweep's own session or change its language, or delete the account it signs in with.
LEFT_ALONE = ("/logout", "/language", "/calendar-preference", "/account/delete")


def swept_fields(form: Form) -> list[str]:
    """The fields the sweep gives odd values: all but the CSRF token and the later rows of a repeated row (a
    name whose first row, lines-0-amount, the form also has; signup-7-hours, alone in its form, is swept)."""
    names = {key for key, _shown in form.fields} - {"csrf_token"}
    return sorted(name for name in names if first_row_of(name) == name or first_row_of(name) not in names)


def first_row_of(name: str) -> str:
    """lines-3-amount's name in the first row: lines-0-amount."""
    return LATER_ROW.sub("-0-", name, count=1)


def pages_of(app, world, role: str) -> list[str]:
    """The addresses of the pages the route matrix lets the role open."""
    with app.test_request_context():
        return [url_for(route.endpoint, **route.args(world), **route.data(world)) for route in MATRIX
                if route.method == "GET" and route.expect[role] == OK and route.endpoint != "static"]


def finished_shift_roster(world) -> str:
    """The roster of a shift of A's programme that ended yesterday, with a volunteer's place: the only page with
    attendance forms (the matrix's shift is still to come)."""
    shift = make.shift(of=world.programme_a, starts_at=utcnow() - timedelta(days=1))
    make.signup(shift, make.user())
    return f"/shifts/{shift.id}/roster"  # not url_for: its request context would end the world's transaction


def request_ready_for_decision(world) -> str:
    """The decision page of a request to council X that both its voting members have voted on: the only state in
    which it shows the chair's form (the matrix's request has no votes)."""
    request = make.budget_request(world.initiative_a, title="Voted request of A", status=RequestStatus.SUBMITTED)
    session.add_all(Vote(request_id=request.id, version_number=1, member_id=world.users[member].id,
                         choice=VoteChoice.APPROVE, reason="Sound plan.") for member in ("member_x", "chair_x"))
    session.flush()
    return f"/requests/{request.id}/decide"


def shift_under_way(world):
    """A shift of A's programme that began ten minutes ago, the volunteer holding a place on it: its check-in pages
    show their forms only while it runs."""
    shift = make.shift(of=world.programme_a, starts_at=utcnow() - timedelta(minutes=10))
    make.signup(shift, world.users["volunteer"])
    return shift


def ready_volunteer(world) -> None:
    """The states in which the volunteer's own pages (which the matrix reaches) show their other forms: verified
    hours to ask a certificate for, another browser to sign out, and a second step half set up."""
    volunteer = world.users["volunteer"]
    make.marked(world.programme_a, volunteer, "3.5", starts_at=utcnow() - timedelta(days=7))
    start_session(volunteer, user_agent="Another browser")
    volunteer.totp_secret = pyotp.random_base32()
    session.flush()


def self_check_in_page(app, shift) -> str:
    """The page a shift's venue code opens (its code needs the app's key: read in a request context, which ends
    the session, so only once the world is saved)."""
    with app.test_request_context():
        return f"/shifts/{shift.id}/here/{venue_code(shift)}"


def draft_request(world) -> str:
    """A draft request of A's initiative: the only state in which its page offers to submit it."""
    draft = make.budget_request(world.initiative_a, title="Draft request of A", status=RequestStatus.DRAFT,
                                created_by=world.users["coordinator_a"])
    return f"/requests/{draft.id}"


def states_the_matrix_never_reaches(world, under_way) -> dict[str, list[str]]:
    """For each role, the pages (made here) whose forms the matrix's world never shows."""
    roster = finished_shift_roster(world)
    ready_volunteer(world)
    return {"coordinator_a": [roster, f"/shifts/{under_way.id}/check-in", draft_request(world)], "admin": [roster],
            "chair_x": [request_ready_for_decision(world)], "volunteer": []}


def sent_back(app, client, form: Form, name: str, value: str) -> str | None:
    """Send the form with one odd value; what went wrong, if anything."""
    with writes_to(engine_of(app)) as writes:
        values = {"data" if form.method == "post" else "query_string": form.sent_with(name, value)}
        response = client.open(form.action, method=form.method.upper(), **values)
    response.close()
    sent = f"{form.method} {urlsplit(form.action).path} {name}={value[:12]!r}: {response.status_code}"
    if response.status_code >= 500:
        return sent
    if writes and response.status_code not in (302, 303):
        return f"{sent}, answered with the form but wrote {writes}"
    return None


@pytest.mark.parametrize("role", ["admin", "coordinator_a", "chair_x", "volunteer", "anonymous"])
def test_odd_values_in_any_form_field_never_break_a_page(app, client, db, clock, role):
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))  # the states below (a shift under way, hours a week ago) follow it
    world = extend_world(build_world())
    under_way = shift_under_way(world)
    states = states_the_matrix_never_reaches(world, under_way)
    db.commit()  # a savepoint: the world survives the requests below
    states["volunteer"].append(self_check_in_page(app, under_way))
    if world.users[role] is not None:
        log_in(client, world.users[role])
    sent, problems, seen = 0, [], set()
    for page_url in pages_of(app, world, role) + states.get(role, []):
        page = client.get(page_url)
        html = page.get_data(as_text=True) if page.content_type.startswith("text/html") else ""
        page.close()
        for form in forms_on(page_url, html):
            path = urlsplit(form.action).path
            if path.endswith(LEFT_ALONE) or (path, form.method) in seen:
                continue
            seen.add((path, form.method))
            for name in swept_fields(form):
                problems += filter(None, (sent_back(app, client, form, name, value) for value in ODD_VALUES))
                sent += len(ODD_VALUES)
    assert len(seen) >= 10 and sent >= 200, "the sweep reached too few forms to mean anything"
    assert [form for form in REACHED_ONLY_IN_STATES.get(role, ())
            if not any(re.fullmatch(form, path) for path, _method in seen)] == [], "a state made here went unswept"
    assert problems == [], "\n".join(problems)
