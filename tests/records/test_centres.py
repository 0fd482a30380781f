"""Centre forms: council members create in their council; its coordinators and council members edit;
council members archive."""
from __future__ import annotations

from sqlalchemy import select

from planner.centres.models import Centre
from planner.types import RecordStatus
from tests.records.conftest import count, events, snapshot


def centre_form(council_id, **overrides):
    data = {"name": "Hope Learning Centre", "council_id": str(council_id), "summary": "Classes for newcomers.",
            "service_keys": ["language-classes"], "audience_keys": ["refugees", "youth"],
            "opening_hours": "Sun–Thu 09:00–17:00", "contact_email": "hope@example.org"}
    data.update(overrides)
    return data


def test_a_council_member_creates_a_centre_in_their_council(client, login, world, db):
    login(world.member_a)
    response = client.post("/centres/new", data=centre_form(world.council_a.id))
    assert response.status_code == 302
    centre = db.scalars(select(Centre).where(Centre.name == "Hope Learning Centre")).one()
    assert centre.council_id == world.council_a.id and centre.locality_id == world.council_a.locality_id
    assert [s.key for s in centre.services] == ["language-classes"]
    assert sorted(a.key for a in centre.audiences) == ["refugees", "youth"]
    assert events(db, "centre.create")[-1].record_id == centre.id


def test_a_council_member_cannot_put_a_centre_in_another_council(client, login, world, db):
    login(world.member_a)
    before = count(db, Centre)
    response = client.post("/centres/new", data=centre_form(world.council_b.id))
    assert response.status_code == 422
    assert "Choose one of the councils you sit on." in response.get_data(as_text=True)
    assert count(db, Centre) == before


def test_a_coordinator_with_no_council_seat_cannot_create_a_centre(client, login, world):
    login(world.coordinator_a)
    assert client.get("/centres/new").status_code == 403


def test_errors_show_beside_their_fields(client, login, world, db):
    login(world.member_a)
    before = count(db, Centre)
    response = client.post("/centres/new", data=centre_form(world.council_a.id, name="", contact_email="nope",
                                                           service_keys=["teleportation"]))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for field in ("name", "contact_email", "service_keys"):
        assert f'id="{field}-error"' in page
    assert count(db, Centre) == before


def test_its_coordinator_edits_it(client, login, world, db, make):
    coordinator = make.coordinator(centre=world.centre_a)
    db.commit()
    login(coordinator)
    response = client.post(f"/centres/{world.centre_a.slug}/edit",
                           data=centre_form(world.council_b.id, name="Alpha Centre Renamed", status="archived"))
    assert response.status_code == 302
    centre = db.get(Centre, world.centre_a.id)
    assert centre.name == "Alpha Centre Renamed"
    assert centre.council_id == world.council_a.id, "the council is not a field of the edit form"
    assert centre.status is RecordStatus.ACTIVE
    assert events(db, "centre.edit")[-1].after["name"] == "Alpha Centre Renamed"


def test_a_member_of_another_council_cannot_edit_or_archive(client, login, world, db):
    login(world.member_b)
    before = snapshot(db, Centre, world.centre_a.id)
    assert client.post(f"/centres/{world.centre_a.slug}/edit", data=centre_form(world.council_a.id)).status_code == 403
    assert client.post(f"/centres/{world.centre_a.slug}/archive").status_code == 403
    assert snapshot(db, Centre, world.centre_a.id) == before


def test_a_council_member_archives_a_centre_of_their_council(client, login, world, db):
    login(world.member_a)
    assert client.post(f"/centres/{world.centre_a.slug}/archive").status_code == 302
    assert db.get(Centre, world.centre_a.id).status is RecordStatus.ARCHIVED
    assert events(db, "centre.archive")[-1].record_id == world.centre_a.id


def test_the_centre_page_shows_the_buttons_to_council_members(client, login, world):
    login(world.member_a)
    page = client.get(f"/centres/{world.centre_a.slug}").get_data(as_text=True)
    assert f"/centres/{world.centre_a.slug}/edit" in page and f"/centres/{world.centre_a.slug}/archive" in page


def test_the_council_page_leads_its_members_to_a_new_centre_form_with_the_council_chosen(client, login, world):
    login(world.member_a)
    page = client.get(f"/councils/{world.council_a.slug}").get_data(as_text=True)
    assert f"/centres/new?council={world.council_a.id}" in page
    form = client.get(f"/centres/new?council={world.council_a.id}").get_data(as_text=True)
    assert f'selected value="{world.council_a.id}"' in form
    login(world.coordinator_a)
    assert "/centres/new" not in client.get(f"/councils/{world.council_a.slug}").get_data(as_text=True)
