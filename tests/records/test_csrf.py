"""CSRF, as in production: a POST without the form's token is refused with 400 and changes nothing."""
from __future__ import annotations

import re

import pytest

from planner.centres.models import Centre
from planner.councils.models import Council
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.organisations.models import Organisation
from tests.records.conftest import count, snapshot
from tests.records.test_councils import council_form
from tests.records.test_initiative_forms import initiative_form

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def token_on(page: str) -> str:
    found = TOKEN.search(page)
    assert found, "the form carries a CSRF token"
    return found.group(1) or found.group(2)


@pytest.fixture
def submitted(world, db, make):
    initiative = make.initiative(in_council=world.council_a, lead=world.organisation_a,
                                 status=InitiativeStatus.SUBMITTED)
    db.commit()
    return initiative.id, initiative.slug


def test_creating_a_council_without_a_token_changes_nothing(client, login, world, db, csrf_on):
    login(world.admin)
    before = count(db, Council)
    response = client.post("/councils/new", data=council_form(world.council_a.locality_id))
    assert response.status_code == 400
    assert count(db, Council) == before


def test_with_the_forms_token_the_council_is_created(client, login, world, db, csrf_on):
    login(world.admin)
    token = token_on(client.get("/councils/new").get_data(as_text=True))
    response = client.post("/councils/new", data={**council_form(world.council_a.locality_id), "csrf_token": token})
    assert response.status_code == 302


def test_drafting_an_initiative_without_a_token_changes_nothing(client, login, world, db, csrf_on):
    login(world.coordinator_a)
    assert client.post("/initiatives/new", data=initiative_form(world)).status_code == 400
    assert count(db, Initiative, Initiative.title == "Neighbourhood Reading Circles") == 0


@pytest.mark.parametrize(("action", "who"), [("publish", "member_a"), ("return", "member_a"), ("archive", "admin")])
def test_life_cycle_buttons_without_a_token_change_nothing(client, login, world, db, csrf_on, submitted, action, who):
    ident, slug = submitted
    login(getattr(world, who))
    before = snapshot(db, Initiative, ident)
    response = client.post(f"/initiatives/{slug}/{action}", data={"comment": "Needs work"})
    assert response.status_code == 400
    assert snapshot(db, Initiative, ident) == before


def test_the_publish_button_carries_a_token(client, login, world, db, csrf_on, submitted):
    ident, slug = submitted
    login(world.member_a)
    token = token_on(client.get("/initiatives/review").get_data(as_text=True))
    assert client.post(f"/initiatives/{slug}/publish", data={"csrf_token": token}).status_code == 302
    assert snapshot(db, Initiative, ident)["status"] is InitiativeStatus.PUBLISHED


@pytest.mark.parametrize("path", ["/centres/{centre}/archive", "/organisations/{organisation}/archive",
                                  "/councils/{council}/archive"])
def test_archive_buttons_without_a_token_change_nothing(client, login, world, db, csrf_on, path):
    login(world.admin)
    url = path.format(centre=world.centre_a.slug, organisation=world.organisation_a.slug, council=world.council_a.slug)
    assert client.post(url).status_code == 400
    for model, record in ((Centre, world.centre_a), (Organisation, world.organisation_a), (Council, world.council_a)):
        assert snapshot(db, model, record.id)["status"].value == "active"
