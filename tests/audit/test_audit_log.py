"""/admin/audit: administrators read the log, newest first, filtered by record and by who acted."""
from __future__ import annotations

import pytest

from planner.accounts.models import Role
from planner.audit.services import record_event


@pytest.fixture
def admin(make):
    person = make.user(name="Audit Reader")
    make.grant(person, Role.ADMIN)
    return person


@pytest.fixture
def events(db, make):
    """Three events by two people on two grants."""
    alice, bob = make.user(name="Alice Actor"), make.user(name="Bob Actor")
    council = make.council()
    first = make.grant(make.user(), Role.COUNCIL_MEMBER, council=council)
    second = make.grant(make.user(), Role.COUNCIL_TREASURER, council=council)
    record_event(alice, "role.grant", first, after={"role": "council_member"}, comment="first event")
    record_event(bob, "role.grant", second, after={"role": "council_treasurer"}, comment="second event")
    record_event(alice, "role.revoke", first, before={"revoked_at": None}, after={"revoked_at": "2026-01-01"},
                 comment="third event")
    db.flush()
    return alice, bob, first, second


def test_admin_reads_the_log_newest_first(client, login, admin, events):
    login(admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert page.index("third event") < page.index("second event") < page.index("first event")
    assert "role.revoke" in page and "Alice Actor" in page


def test_filter_by_record(client, login, admin, events):
    _alice, _bob, first, _second = events
    login(admin)
    page = client.get(f"/admin/audit?record_type=role_grants&record_id={first.id}").get_data(as_text=True)
    assert "first event" in page and "third event" in page and "second event" not in page


@pytest.mark.parametrize("by", ["id", "email", "EMAIL"])
def test_filter_by_who_acted(client, login, admin, events, by):
    _alice, bob, _first, _second = events
    login(admin)
    actor = {"id": str(bob.id), "email": bob.email, "EMAIL": f" {bob.email.upper()} "}[by]
    response = client.get("/admin/audit", query_string={"actor": actor})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "second event" in page and "first event" not in page and "third event" not in page


@pytest.mark.parametrize("query, message", [
    ("record_id=abc", "Not a valid integer value"),
    ("record_id=-4", "Number must be"),
    ("record_type=DROP%20TABLE", "Use the table name"),
    ("actor=nobody@example.org", "No account matches"),
    ("actor=%C2%B2", "No account matches"),  # "²" is a digit to str.isdigit, not a number to int()
    ("record_id=%C2%B2", "Not a valid integer value"),
])
def test_bad_filters_get_a_message_not_an_error(client, login, admin, events, query, message):
    login(admin)
    response = client.get(f"/admin/audit?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_the_log_is_paginated(app, client, db, login, admin, make):
    council = make.council()
    grant = make.grant(make.user(), Role.COUNCIL_MEMBER, council=council)
    for number in range(app.config["PAGE_SIZE"] + 2):
        record_event(admin, "role.grant", grant, comment=f"paged event {number:02d}")
    db.flush()
    login(admin)
    first = client.get(f"/admin/audit?record_type=role_grants&record_id={grant.id}").get_data(as_text=True)
    assert "Page 1 of 2" in first and "paged event 21" in first and "paged event 00" not in first
    second = client.get(f"/admin/audit?record_type=role_grants&record_id={grant.id}&page=2").get_data(as_text=True)
    assert "paged event 00" in second


def test_only_administrators_read_the_log(client, login, make, events):
    person = make.user()
    login(person)
    assert client.get("/admin/audit").status_code == 403
