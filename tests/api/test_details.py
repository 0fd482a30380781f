"""One record from the API: its fields, its relations as ids, slugs and URLs, and its provenance."""
from __future__ import annotations

import pytest

from planner.volunteering.models import SignupStatus


def get(client, path: str) -> dict:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["data"]


def linked(related: dict) -> set[str]:
    return {item["slug"] for item in related["items"]}


def test_a_council_with_its_place_country_centres_and_provenance(client, world):
    council = get(client, f"/api/v1/councils/{world.council_a.slug}")
    assert council["name"] == "Ksarzed Majlis" and council["currency"] == "MAD"
    assert council["locality"]["slug"] == world.ksarzed.slug
    assert council["locality"]["timezone"] == "Africa/Casablanca"
    assert council["country"]["code"] == "MA"
    assert linked(council["centres"]) == {world.centre_a.slug}  # the archived centre is left out
    assert linked(council["initiatives"]) == {world.initiative_a.slug}  # the draft is left out
    assert linked(council["partnerships"]) == {world.partnership_a.slug}
    assert council["centres"]["more"] is False
    assert council["provenance"] == {"source_document": "000_test.txt", "source_title": "000_test.txt",
                                     "source_section": "Local Governance", "illustrative": False}
    assert council["url"].endswith(f"/councils/{world.council_a.slug}")
    assert council["budget_url"].endswith(f"/councils/{world.council_a.slug}/budget")


def test_a_record_answers_at_its_id_as_well_as_its_slug(client, world):
    by_id = get(client, f"/api/v1/councils/{world.council_a.id}")
    assert by_id == get(client, f"/api/v1/councils/{world.council_a.slug}")


def test_an_initiative_with_theme_council_lead_partners_audiences_dates_and_status(client, world):
    initiative = get(client, f"/api/v1/initiatives/{world.initiative_a.slug}")
    assert initiative["title"] == "Ksarzed youth football"
    assert initiative["status"] == "published"
    assert initiative["theme"]["key"] == "youth"
    assert initiative["council"]["id"] == world.council_a.id
    assert initiative["lead_organisation"]["slug"] == world.org_a.slug
    assert [partner["slug"] for partner in initiative["partners"]] == [world.org_b.slug]
    assert [audience["key"] for audience in initiative["audiences"]] == ["refugees"]
    assert initiative["venue"]["slug"] == world.centre_a.slug
    assert initiative["starts_on"] == world.initiative_a.starts_on.isoformat()
    assert initiative["ends_on"] is None
    assert initiative["published_at"].endswith("Z")
    assert linked(initiative["programmes"]) == {world.programme_a.slug}
    assert linked(initiative["partnerships"]) == {world.partnership_a.slug}
    assert initiative["provenance"]["source_section"] == "The Role of Community Engagement"


def test_a_programme_with_its_upcoming_shifts_places_and_waiting_list(client, world, make):
    shift = world.shift
    make.signup(shift, status=SignupStatus.WAITLISTED)
    make.signup(shift, status=SignupStatus.WAITLISTED)
    make.requirement(world.programme_a, "Police check").translations = {"fr": {"name": "Extrait de casier"}}
    programme = get(client, f"/api/v1/programmes/{world.programme_a.slug}")
    assert programme["requirements"] == ["Police check"]
    assert get(client, f"/api/v1/programmes/{world.programme_a.slug}?lang=fr")["requirements"] == ["Extrait de casier"]
    assert programme["initiative"]["slug"] == world.initiative_a.slug
    assert programme["organisation"]["slug"] == world.org_a.slug
    assert programme["centre"]["slug"] == world.centre_a.slug
    [listed] = programme["shifts"]
    assert listed["id"] == shift.id and listed["title"] == "Saturday training"
    assert (listed["capacity"], listed["confirmed"], listed["places_left"], listed["waitlist"]) == (5, 2, 3, 2)
    assert listed["timezone"] == "Africa/Casablanca"
    assert listed["starts_at"] == shift.starts_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert listed["url"].endswith(f"/shifts/{shift.id}")
    assert programme["more_shifts"] is False
    every_shift = client.get(programme["shifts_api_url"]).get_json()["data"]  # the rest, a page at a time
    assert [item["id"] for item in every_shift] == [shift.id]


def test_past_and_cancelled_shifts_are_not_listed(client, world, make):
    from datetime import timedelta

    from planner.clock import utcnow
    from planner.volunteering.models import ShiftStatus

    make.shift(of=world.programme_a, starts_at=utcnow() - timedelta(days=3), title="Last week")
    make.shift(of=world.programme_a, status=ShiftStatus.CANCELLED, title="Called off")
    titles = [item["title"] for item in get(client, f"/api/v1/programmes/{world.programme_a.slug}")["shifts"]]
    assert titles == ["Saturday training"]


def test_a_partnership_with_its_parties(client, world, make):
    partnership = get(client, f"/api/v1/partnerships/{world.partnership_b.slug}")
    assert partnership["kind"] == "knowledge_sharing"
    parties = {(party["type"], party["name"]) for party in partnership["parties"]}
    assert ("organisation", "Florabad Weavers") in parties
    country = next(party for party in partnership["parties"] if party["type"] == "country")
    assert country["country_code"] == "TR" and country["record"] is None
    twinning = get(client, f"/api/v1/partnerships/{world.partnership_a.slug}")
    council = next(party for party in twinning["parties"] if party["type"] == "council")
    assert council["record"]["api_url"].endswith(f"/api/v1/councils/{world.council_a.slug}")
    assert linked(twinning["initiatives"]) == {world.initiative_a.slug}


def test_a_party_that_is_no_longer_public_is_named_but_not_linked(client, world, make):
    pact = make.partnership("Pact with a closed hall", parties=(world.council_b, world.centre_hidden))
    parties = get(client, f"/api/v1/partnerships/{pact.slug}")["parties"]
    closed = next(party for party in parties if party["type"] == "centre")
    assert closed["name"] == "Ksarzed Closed Hall" and closed["record"] is None


def test_a_centre_and_an_organisation(client, world):
    centre = get(client, f"/api/v1/centres/{world.centre_a.slug}")
    assert centre["council"]["slug"] == world.council_a.slug
    assert [service["key"] for service in centre["services"]] == ["language-classes"]
    assert centre["contact"]["email"] == "a@example.org"
    assert centre["opening_hours"] == "Mon to Fri 9 to 17"
    assert linked(centre["initiatives"]) == {world.initiative_a.slug}
    weavers = get(client, f"/api/v1/organisations/{world.org_b.slug}")
    assert weavers["kind"] == "cooperative" and weavers["country"]["code"] == "TR"
    assert linked(weavers["led_initiatives"]) == {world.initiative_b.slug}
    assert linked(weavers["partnered_initiatives"]) == {world.initiative_a.slug}


def test_a_centre_in_an_archived_council_does_not_link_to_it(client, world, make):
    hall = make.centre("Hall of the old majlis", in_council=world.council_hidden)
    assert get(client, f"/api/v1/centres/{hall.slug}")["council"] is None


@pytest.mark.parametrize("kind", ["councils", "centres", "organisations", "initiatives", "programmes", "partnerships"])
def test_each_kind_has_its_provenance(client, world, kind):
    first = client.get(f"/api/v1/{kind}?limit=1").get_json()["data"][0]
    record = get(client, first["api_url"])
    assert set(record["provenance"]) == {"source_document", "source_title", "source_section", "illustrative"}
