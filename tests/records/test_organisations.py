"""Organisation forms: administrators create and archive; its coordinators (and administrators) edit."""
from __future__ import annotations

from sqlalchemy import select

from planner.organisations.models import Organisation, OrganisationKind
from planner.types import RecordStatus
from tests.records.conftest import count, events, snapshot


def organisation_form(**overrides):
    data = {"name": "Green Hands Cooperative", "kind": "cooperative", "country_code": "JO", "locality_id": "",
            "summary": "Community gardens.", "website": "https://example.org/green"}
    data.update(overrides)
    return data


def test_an_administrator_creates_an_organisation(client, login, world, db):
    login(world.admin)
    response = client.post("/organisations/new", data=organisation_form())
    assert response.status_code == 302
    organisation = db.scalars(select(Organisation).where(Organisation.name == "Green Hands Cooperative")).one()
    assert response.headers["Location"] == f"/organisations/{organisation.slug}"
    assert organisation.kind is OrganisationKind.COOPERATIVE and organisation.status is RecordStatus.ACTIVE
    assert events(db, "organisation.create")[-1].record_id == organisation.id


def test_a_coordinator_cannot_create_an_organisation(client, login, world, db):
    login(world.coordinator_a)
    before = count(db, Organisation)
    assert client.post("/organisations/new", data=organisation_form()).status_code == 403
    assert count(db, Organisation) == before


def test_errors_show_beside_their_fields(client, login, world, db):
    login(world.admin)
    before = count(db, Organisation)
    response = client.post("/organisations/new", data=organisation_form(name="", kind="pirate", website="not a url",
                                                                         country_code="ZZ"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for field in ("name", "kind", "website", "country_code"):
        assert f'id="{field}-error"' in page
    assert count(db, Organisation) == before


def test_a_locality_outside_the_country_is_refused_beside_the_field(client, login, world, db, make):
    elsewhere = make.locality("Izmir", country_code="TR", timezone="Europe/Istanbul")
    db.commit()
    login(world.admin)
    response = client.post("/organisations/new", data=organisation_form(locality_id=str(elsewhere.id)))
    assert response.status_code == 422
    assert 'id="locality_id-error"' in response.get_data(as_text=True)
    assert count(db, Organisation, Organisation.name == "Green Hands Cooperative") == 0


def test_its_coordinator_edits_it_and_posted_status_is_ignored(client, login, world, db):
    login(world.coordinator_a)
    key = world.organisation_a.slug
    response = client.post(f"/organisations/{key}/edit",
                           data=organisation_form(name="Alpha Renamed", status="archived", slug="new-slug"))
    assert response.status_code == 302
    organisation = db.get(Organisation, world.organisation_a.id)
    assert organisation.name == "Alpha Renamed"
    assert organisation.slug == key and organisation.status is RecordStatus.ACTIVE


def test_the_coordinator_of_another_organisation_cannot_edit_and_nothing_changes(client, login, world, db):
    login(world.coordinator_a)
    before = snapshot(db, Organisation, world.organisation_b.id)
    response = client.post(f"/organisations/{world.organisation_b.slug}/edit", data=organisation_form())
    assert response.status_code == 403
    response = client.post(f"/organisations/{world.organisation_b.id}/edit", data=organisation_form())
    assert response.status_code == 403
    assert snapshot(db, Organisation, world.organisation_b.id) == before


def test_only_an_administrator_archives(client, login, world, db):
    login(world.coordinator_a)
    assert client.post(f"/organisations/{world.organisation_a.slug}/archive").status_code == 403
    assert db.get(Organisation, world.organisation_a.id).status is RecordStatus.ACTIVE
    login(world.admin)
    assert client.post(f"/organisations/{world.organisation_a.slug}/archive").status_code == 302
    assert db.get(Organisation, world.organisation_a.id).status is RecordStatus.ARCHIVED


def test_an_archived_organisation_is_hidden_from_outsiders_but_not_its_coordinators(client, login, world, db):
    login(world.admin)
    client.post(f"/organisations/{world.organisation_a.slug}/archive")
    login(world.coordinator_b)
    assert client.get(f"/organisations/{world.organisation_a.slug}").status_code in (403, 404)
    assert client.get(f"/organisations/{world.organisation_a.slug}/edit").status_code == 404
    login(world.coordinator_a)
    assert client.get(f"/organisations/{world.organisation_a.slug}").status_code == 200


def test_the_edit_form_is_filled_in(client, login, world):
    login(world.coordinator_a)
    page = client.get(f"/organisations/{world.organisation_a.slug}/edit").get_data(as_text=True)
    assert 'value="Organisation Alpha"' in page


def test_a_new_organisation_is_searchable_with_its_country(client, login, world, db):
    from planner.directory.models import SearchEntry

    login(world.admin)
    client.post("/organisations/new", data=organisation_form())
    organisation = db.scalars(select(Organisation).where(Organisation.name == "Green Hands Cooperative")).one()
    entry = db.scalars(select(SearchEntry).where(SearchEntry.kind == "organisation",
                                                 SearchEntry.record_id == organisation.id)).one()
    assert entry.title == "Green Hands Cooperative" and entry.is_public
    assert organisation.country.name in entry.body
