"""Partnerships: coordinators and council members record partnerships their body is party to, with the
initiatives they serve; parties may edit and archive them; each party's partners can be listed."""
from __future__ import annotations

import re

from sqlalchemy import select

from planner.initiatives.models import InitiativeStatus
from planner.partnerships.models import Partnership, PartnershipKind
from planner.types import RecordStatus
from tests.records.conftest import count, events, snapshot


def partnership_form(world, **overrides):
    data = {"title": "Shared Tutoring Network", "kind": "knowledge_sharing", "summary": "Tutors move between centres.",
            "starts_on": "2026-01-01", "ends_on": "2026-12-31",
            "organisation_ids": [str(world.organisation_a.id), str(world.organisation_b.id)],
            "country_codes": ["JO"]}
    data.update(overrides)
    return data


def the_partnership(db) -> Partnership:
    db.expire_all()
    return db.scalars(select(Partnership).where(Partnership.title == "Shared Tutoring Network")).one()


def party_keys(partnership: Partnership) -> list[str]:
    return sorted(party.party_key for party in partnership.parties)


def agree(client, login, db, person, record) -> None:
    """The person, speaking for the record, agrees on the partnership's page to be named in it."""
    partnership = the_partnership(db)
    party = next(p for p in partnership.parties if p.party_key == f"{type(record).__name__.lower()}:{record.id}")
    login(person)
    response = client.post(f"/partnerships/{partnership.slug}/parties/{party.id}/agree")
    assert response.status_code == 302


def test_a_coordinator_records_a_partnership_with_its_initiatives(client, login, world, db, make):
    served = make.initiative("Served Work", in_council=world.council_a, lead=world.organisation_b,
                             status=InitiativeStatus.PUBLISHED)
    db.commit()
    login(world.coordinator_a)
    response = client.post("/partnerships/new", data=partnership_form(world, initiative_ids=[str(served.id)]))
    assert response.status_code == 302
    partnership = the_partnership(db)
    assert response.headers["Location"] == f"/partnerships/{partnership.slug}"
    assert partnership.kind is PartnershipKind.KNOWLEDGE_SHARING
    assert partnership.created_by_id == world.coordinator_a.id
    assert party_keys(partnership) == sorted(
        [f"organisation:{world.organisation_a.id}", f"organisation:{world.organisation_b.id}", "country:JO"])
    assert [i.title for i in partnership.initiatives] == ["Served Work"]
    assert events(db, "partnership.create")[-1].record_id == partnership.id


def test_a_council_member_records_one_for_their_council(client, login, world, db):
    login(world.member_a)
    data = partnership_form(world, organisation_ids=[str(world.organisation_b.id)], country_codes=[],
                            council_ids=[str(world.council_a.id)])
    assert client.post("/partnerships/new", data=data).status_code == 302
    assert party_keys(the_partnership(db)) == sorted(
        [f"council:{world.council_a.id}", f"organisation:{world.organisation_b.id}"])


def test_one_party_is_not_a_partnership(client, login, world, db):
    login(world.coordinator_a)
    response = client.post("/partnerships/new", data=partnership_form(
        world, organisation_ids=[str(world.organisation_a.id)], country_codes=[]))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="parties-error"' in page and "at least two different parties" in page
    assert count(db, Partnership, Partnership.title.in_(["Shared Tutoring Network", ""])) == 0


def test_the_creator_must_be_a_party(client, login, world, db):
    login(world.coordinator_a)
    response = client.post("/partnerships/new", data=partnership_form(
        world, organisation_ids=[str(world.organisation_b.id)], council_ids=[str(world.council_b.id)]))
    assert response.status_code == 422
    assert "you represent" in response.get_data(as_text=True)
    assert count(db, Partnership, Partnership.title.in_(["Shared Tutoring Network", ""])) == 0


def test_an_administrator_records_one_between_any_parties(client, login, world, db):
    login(world.admin)
    data = partnership_form(world, organisation_ids=[str(world.organisation_b.id)],
                            council_ids=[str(world.council_b.id)])
    assert client.post("/partnerships/new", data=data).status_code == 302


def test_errors_show_beside_their_fields(client, login, world, db):
    login(world.coordinator_a)
    response = client.post("/partnerships/new", data=partnership_form(
        world, title="", kind="alliance", ends_on="2025-01-01", country_codes=["XX"]))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for field in ("title", "kind", "ends_on", "country_codes"):
        assert f'id="{field}-error"' in page, field
    assert count(db, Partnership, Partnership.title.in_(["Shared Tutoring Network", ""])) == 0


def test_people_without_a_role_cannot_record_partnerships(client, login, world):
    login(world.nobody)
    assert client.get("/partnerships/new").status_code == 403


def test_another_party_edits_it_and_parties_are_replaced(client, login, world, db):
    login(world.coordinator_a)
    client.post("/partnerships/new", data=partnership_form(world))
    slug = the_partnership(db).slug
    agree(client, login, db, world.coordinator_b, world.organisation_b)
    data = partnership_form(world, title="Shared Tutoring Network", country_codes=[],
                            council_ids=[str(world.council_a.id)], created_by_id=str(world.coordinator_b.id))
    assert client.post(f"/partnerships/{slug}/edit", data=data).status_code == 302
    partnership = the_partnership(db)
    assert party_keys(partnership) == sorted([f"council:{world.council_a.id}",
                                              f"organisation:{world.organisation_a.id}",
                                              f"organisation:{world.organisation_b.id}"])
    assert partnership.created_by_id == world.coordinator_a.id, "who recorded it is not a form field"
    event = events(db, "partnership.edit")[-1]
    assert "country:JO" in event.before["parties"] and "country:JO" not in event.after["parties"]


def test_someone_not_party_to_it_cannot_edit_or_archive_and_nothing_changes(client, login, world, db):
    login(world.coordinator_a)
    client.post("/partnerships/new", data=partnership_form(world))
    partnership = the_partnership(db)
    parties = party_keys(partnership)
    login(world.member_b)
    before = snapshot(db, Partnership, partnership.id)
    response = client.post(f"/partnerships/{partnership.slug}/edit", data=partnership_form(world, title="x"))
    assert response.status_code == 403
    assert client.post(f"/partnerships/{partnership.slug}/archive").status_code == 403
    assert snapshot(db, Partnership, partnership.id) == before
    assert party_keys(the_partnership(db)) == parties


def test_an_editor_may_not_remove_every_party_they_represent(client, login, world, db):
    login(world.coordinator_a)
    client.post("/partnerships/new", data=partnership_form(world))
    slug = the_partnership(db).slug
    agree(client, login, db, world.coordinator_b, world.organisation_b)
    data = partnership_form(world, organisation_ids=[str(world.organisation_a.id)])
    assert client.post(f"/partnerships/{slug}/edit", data=data).status_code == 422
    assert f"organisation:{world.organisation_b.id}" in party_keys(the_partnership(db))


def test_a_party_archives_it(client, login, world, db):
    login(world.coordinator_a)
    client.post("/partnerships/new", data=partnership_form(world))
    slug = the_partnership(db).slug
    assert client.post(f"/partnerships/{slug}/archive").status_code == 302
    assert the_partnership(db).status is RecordStatus.ARCHIVED
    assert events(db, "partnership.archive")


def test_each_party_that_agreed_lists_the_partnership_on_its_page(client, login, world, db):
    login(world.coordinator_a)
    client.post("/partnerships/new", data=partnership_form(world))
    agree(client, login, db, world.coordinator_b, world.organisation_b)
    client.post("/logout")
    for address in (f"/organisations/{world.organisation_a.slug}", f"/organisations/{world.organisation_b.slug}"):
        assert "Shared Tutoring Network" in client.get(address).get_data(as_text=True), address
    assert "Shared Tutoring Network" not in client.get(f"/councils/{world.council_b.slug}").get_data(as_text=True)
    page = client.get(f"/partnerships/{the_partnership(db).slug}").get_data(as_text=True)
    parties = page.split('id="parties-heading"')[1].split("</section>")[0]
    assert world.organisation_a.name in parties and world.organisation_b.name in parties and "Jordan" in parties


def test_the_edit_form_shows_the_current_parties(client, login, world, db):
    login(world.coordinator_a)
    client.post("/partnerships/new", data=partnership_form(world))
    page = client.get(f"/partnerships/{the_partnership(db).slug}/edit").get_data(as_text=True)
    organisations = page.split('id="organisation_ids"')[1].split("</fieldset>")[0]
    assert re.search(rf'<input checked id="organisation_ids-\d+" name="organisation_ids" type="checkbox" '
                     rf'value="{world.organisation_b.id}"', organisations)  # ticked in the checkbox group
