"""Drafting and editing initiatives: the coordinator's form, its validation, and the fields nobody may post."""
from __future__ import annotations

from sqlalchemy import select

from planner.initiatives.models import Initiative, InitiativeStatus
from tests.records.conftest import count, events, snapshot

SCRIPT = "<script>alert(1)</script>"


def initiative_form(world, **overrides):
    data = {
        "lead_organisation_id": str(world.organisation_a.id),
        "title": "Neighbourhood Reading Circles",
        "summary": "Weekly reading circles for teenagers.",
        "description": "Volunteers read with small groups after school.",
        "theme_key": "youth",
        "council_id": str(world.council_a.id),
        "venue_centre_id": str(world.centre_a.id),
        "partner_ids": [str(world.organisation_b.id)],
        "audience_keys": ["youth"],
        "starts_on": "2026-03-01",
        "ends_on": "2026-06-30",
    }
    data.update(overrides)
    return data


def the_initiative(db, title="Neighbourhood Reading Circles") -> Initiative:
    return db.scalars(select(Initiative).where(Initiative.title == title)).one()


def test_a_coordinator_drafts_an_initiative(client, login, world, db):
    login(world.coordinator_a)
    response = client.post("/initiatives/new", data=initiative_form(world))
    assert response.status_code == 302
    initiative = the_initiative(db)
    assert response.headers["Location"] == f"/initiatives/{initiative.slug}"
    assert initiative.slug == "neighbourhood-reading-circles"
    assert initiative.status is InitiativeStatus.DRAFT
    assert initiative.lead_organisation_id == world.organisation_a.id
    assert initiative.coordinator_id == world.coordinator_a.id
    assert initiative.venue_centre_id == world.centre_a.id and initiative.locality_id == world.centre_a.locality_id
    assert [p.id for p in initiative.partners] == [world.organisation_b.id]
    assert [a.key for a in initiative.audiences] == ["youth"]
    event = events(db, "initiative.create")[-1]
    assert event.record_id == initiative.id and event.actor_id == world.coordinator_a.id


def test_the_draft_page_shows_its_status_and_a_submit_button(client, login, world, db):
    login(world.coordinator_a)
    client.post("/initiatives/new", data=initiative_form(world))
    page = client.get(f"/initiatives/{the_initiative(db).slug}").get_data(as_text=True)
    assert "Status: Draft" in page
    assert "Submit for review" in page


def test_fields_nobody_may_set_are_ignored(client, login, world, db):
    login(world.coordinator_a)
    forged = initiative_form(world, status="published", coordinator_id=str(world.coordinator_b.id),
                             slug="hijacked", review_comment="approved", published_at="2020-01-01",
                             submitted_at="2020-01-01", locality_id="999")
    assert client.post("/initiatives/new", data=forged).status_code == 302
    initiative = the_initiative(db)
    assert initiative.status is InitiativeStatus.DRAFT
    assert initiative.coordinator_id == world.coordinator_a.id
    assert initiative.slug != "hijacked" and initiative.review_comment == ""
    assert initiative.published_at is None and initiative.submitted_at is None


def test_a_lead_organisation_the_user_does_not_coordinate_is_refused(client, login, world, db):
    login(world.coordinator_a)
    before = count(db, Initiative)
    data = initiative_form(world, lead_organisation_id=str(world.organisation_b.id), partner_ids=[])
    response = client.post("/initiatives/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="lead_organisation_id-error"' in page
    assert "Choose one of the organisations you coordinate." in page
    assert count(db, Initiative) == before


def test_the_venue_must_be_in_the_councils_area(client, login, world, db):
    login(world.coordinator_a)
    before = count(db, Initiative)
    response = client.post("/initiatives/new", data=initiative_form(world, venue_centre_id=str(world.centre_b.id)))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="venue_centre_id-error"' in page
    assert "The venue must be a centre in the chosen council" in page
    assert count(db, Initiative) == before
    assert events(db, "initiative.create") == []


def test_the_end_may_not_come_before_the_start(client, login, world, db):
    login(world.coordinator_a)
    response = client.post("/initiatives/new", data=initiative_form(world, ends_on="2026-02-01"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="ends_on-error"' in page and "The end date cannot be before the start date." in page
    assert count(db, Initiative, Initiative.title == "Neighbourhood Reading Circles") == 0


def test_required_fields_and_bad_values_are_reported_beside_each_field(client, login, world, db):
    login(world.coordinator_a)
    before = count(db, Initiative)
    response = client.post("/initiatives/new", data=initiative_form(
        world, title="   ", summary="", theme_key="astrology", starts_on="next tuesday", council_id="abc",
        audience_keys=["martians"]))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for field in ("title", "summary", "theme_key", "starts_on", "council_id", "audience_keys"):
        assert f'id="{field}-error"' in page, field
    assert count(db, Initiative) == before


def test_the_lead_cannot_also_be_a_partner(client, login, world, db):
    login(world.coordinator_a)
    response = client.post("/initiatives/new", data=initiative_form(world, partner_ids=[str(world.organisation_a.id)]))
    assert response.status_code == 422
    assert 'id="partner_ids-error"' in response.get_data(as_text=True)
    assert count(db, Initiative, Initiative.title == "Neighbourhood Reading Circles") == 0


def test_people_who_coordinate_nothing_cannot_draft(client, login, world):
    login(world.member_a)
    assert client.get("/initiatives/new").status_code == 403
    login(world.nobody)
    assert client.post("/initiatives/new", data=initiative_form(world)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, world, db):
    response = client.post("/initiatives/new", data=initiative_form(world))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert count(db, Initiative, Initiative.title == "Neighbourhood Reading Circles") == 0


def test_the_lead_organisation_list_holds_only_the_users_organisations(client, login, world):
    login(world.coordinator_a)
    page = client.get(f"/initiatives/new?organisation={world.organisation_a.id}").get_data(as_text=True)
    lead_select = page.split('id="lead_organisation_id"')[1].split("</select>")[0]
    assert "Organisation Alpha" in lead_select and "Organisation Beta" not in lead_select
    assert f'selected value="{world.organisation_a.id}"' in lead_select


def test_the_coordinator_edits_a_draft_and_the_slug_stays(client, login, world, db, make):
    draft = make.initiative("Old Title", in_council=world.council_a, lead=world.organisation_a,
                            status=InitiativeStatus.DRAFT)
    db.commit()
    login(world.coordinator_a)
    data = initiative_form(world, title="New Title", lead_organisation_id=str(world.organisation_b.id),
                           status="published")
    assert client.post(f"/initiatives/{draft.slug}/edit", data=data).status_code == 302
    initiative = db.get(Initiative, draft.id)
    assert initiative.title == "New Title" and initiative.slug == draft.slug
    assert initiative.lead_organisation_id == world.organisation_a.id, "the lead is not a field of the edit form"
    assert initiative.status is InitiativeStatus.DRAFT
    assert events(db, "initiative.edit")[-1].after["title"] == "New Title"


def test_a_submitted_initiative_cannot_be_edited(client, login, world, db, make):
    submitted = make.initiative(in_council=world.council_a, lead=world.organisation_a,
                                status=InitiativeStatus.SUBMITTED)
    db.commit()
    login(world.coordinator_a)
    before = snapshot(db, Initiative, submitted.id)
    response = client.post(f"/initiatives/{submitted.slug}/edit", data=initiative_form(world, title="Sneaky change"))
    assert response.status_code == 422
    assert "cannot be changed now" in response.get_data(as_text=True)
    assert snapshot(db, Initiative, submitted.id) == before


def test_a_script_in_the_title_is_shown_as_text(client, login, world, db, make):
    login(world.coordinator_a)
    assert client.post("/initiatives/new", data=initiative_form(world, title=SCRIPT)).status_code == 302
    initiative = the_initiative(db, SCRIPT)
    pages = [client.get("/initiatives/mine"), client.get(f"/initiatives/{initiative.slug}/edit"),
             client.get(f"/initiatives/{initiative.slug}")]
    client.post(f"/initiatives/{initiative.slug}/submit")
    login(world.member_a)
    pages += [client.get("/initiatives/review"), client.get(f"/initiatives/{initiative.slug}/return")]
    for response in pages:
        body = response.get_data(as_text=True)
        assert response.status_code == 200
        assert SCRIPT not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_the_organisation_page_leads_its_coordinators_to_a_draft(client, login, world):
    login(world.coordinator_a)
    page = client.get(f"/organisations/{world.organisation_a.slug}").get_data(as_text=True)
    assert f"/initiatives/new?organisation={world.organisation_a.id}" in page
    assert "/initiatives/new" not in client.get(f"/organisations/{world.organisation_b.slug}").get_data(as_text=True)


def test_an_administrator_may_correct_a_published_initiative_but_its_coordinator_may_not(client, login, world, db,
                                                                                          make):
    published = make.initiative("Published Once", in_council=world.council_a, lead=world.organisation_a,
                                status=InitiativeStatus.PUBLISHED)
    db.commit()
    key = published.slug
    login(world.coordinator_a)
    assert client.post(f"/initiatives/{key}/edit", data=initiative_form(world, title="Changed")).status_code == 422
    login(world.admin)
    assert client.post(f"/initiatives/{key}/edit", data=initiative_form(world, title="Corrected")).status_code == 302
    corrected = db.scalars(select(Initiative).where(Initiative.slug == key)).one()
    assert corrected.title == "Corrected" and corrected.status is InitiativeStatus.PUBLISHED
