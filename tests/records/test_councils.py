"""Council forms: administrators create and archive, chairs edit; errors beside fields; nothing half-saved."""
from __future__ import annotations

from sqlalchemy import select

from planner.accounts.models import Role
from planner.audit.models import AuditEvent
from planner.councils.models import Council
from planner.types import RecordStatus
from tests.records.conftest import count, events, snapshot


def council_form(locality_id, **overrides):
    data = {"name": "Irbid Youth Council", "locality_id": str(locality_id), "currency": "JOD",
            "mandate": "Youth services and small grants.", "quorum": "3"}
    data.update(overrides)
    return data


def test_an_administrator_creates_a_council(client, login, world, db):
    login(world.admin)
    response = client.post("/councils/new", data=council_form(world.council_a.locality_id))
    assert response.status_code == 302
    council = db.scalars(select(Council).where(Council.name == "Irbid Youth Council")).one()
    assert response.headers["Location"] == f"/councils/{council.slug}"
    assert council.slug == "irbid-youth-council"
    assert council.currency == "JOD" and council.quorum == 3
    assert events(db, "council.create")[-1].record_id == council.id


def test_the_new_council_form_shows_to_administrators_only(client, login, world):
    login(world.chair_a)
    assert client.get("/councils/new").status_code == 403
    assert client.post("/councils/new", data=council_form(world.council_a.locality_id)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get("/councils/new")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_errors_show_beside_their_fields_and_nothing_is_saved(client, login, world, db):
    login(world.admin)
    before = count(db, Council)
    response = client.post("/councils/new", data=council_form(world.council_a.locality_id, name="  ", quorum="0",
                                                                currency="XXY"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="name-error"' in page and "This field is required." in page
    assert 'id="quorum-error"' in page
    assert 'id="currency-error"' in page and "Not a valid choice" in page
    assert count(db, Council) == before
    assert count(db, AuditEvent, AuditEvent.action == "council.create") == 0


def test_the_chair_edits_their_council_and_the_slug_stays(client, login, world, db):
    login(world.chair_a)
    slug = world.council_a.slug
    response = client.post(f"/councils/{slug}/edit", data=council_form(world.council_a.locality_id, name="Renamed"))
    assert response.status_code == 302
    council = db.get(Council, world.council_a.id)
    assert council.name == "Renamed" and council.slug == slug
    event = events(db, "council.edit")[-1]
    assert event.after["name"] == "Renamed" and event.before["name"] == "Amman East Test Council"


def test_a_posted_status_or_currency_is_ignored_on_edit(client, login, world, db):
    login(world.chair_a)
    data = council_form(world.council_a.locality_id, status="archived", currency="USD", slug="taken-over")
    assert client.post(f"/councils/{world.council_a.slug}/edit", data=data).status_code == 302
    council = db.get(Council, world.council_a.id)
    assert council.status is RecordStatus.ACTIVE and council.currency == "JOD"
    assert council.slug == world.council_a.slug


def test_a_member_who_is_not_chair_cannot_edit_and_nothing_changes(client, login, world, db):
    login(world.member_a)
    before = snapshot(db, Council, world.council_a.id)
    response = client.post(f"/councils/{world.council_a.slug}/edit", data=council_form(world.council_a.locality_id))
    assert response.status_code == 403
    assert snapshot(db, Council, world.council_a.id) == before


def test_the_chair_of_another_council_cannot_edit_this_one(client, login, world, db, make):
    other_chair = make.council_member(world.council_b, Role.COUNCIL_CHAIR)
    db.commit()
    login(other_chair)
    assert client.get(f"/councils/{world.council_a.slug}/edit").status_code == 403


def test_an_administrator_archives_a_council(client, login, world, db):
    login(world.admin)
    response = client.post(f"/councils/{world.council_b.slug}/archive")
    assert response.status_code == 302
    assert db.get(Council, world.council_b.id).status is RecordStatus.ARCHIVED
    assert events(db, "council.archive")[-1].record_id == world.council_b.id


def test_the_chair_cannot_archive(client, login, world, db):
    login(world.chair_a)
    assert client.post(f"/councils/{world.council_a.slug}/archive").status_code == 403
    assert db.get(Council, world.council_a.id).status is RecordStatus.ACTIVE


def test_next_pointing_off_site_is_refused(client, login, world):
    login(world.admin)
    data = council_form(world.council_a.locality_id, next="https://evil.example/phish")
    response = client.post("/councils/new", data=data)
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]
    data = council_form(world.council_a.locality_id, name="Second", next="//evil.example/")
    assert "evil.example" not in client.post("/councils/new", data=data).headers["Location"]


def test_a_local_next_is_followed(client, login, world):
    login(world.chair_a)
    data = council_form(world.council_a.locality_id, next="/councils")
    response = client.post(f"/councils/{world.council_a.slug}/edit", data=data)
    assert response.headers["Location"] == "/councils"


def test_the_council_page_shows_edit_to_the_chair_only(client, login, world):
    assert b"/edit" not in client.get(f"/councils/{world.council_a.slug}").data
    login(world.chair_a)
    page = client.get(f"/councils/{world.council_a.slug}").get_data(as_text=True)
    assert f"/councils/{world.council_a.slug}/edit" in page
    assert "/archive" not in page
