"""The six API lists: public records only, the site's filters, and cursors that walk every record once."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from planner.directory.kinds import KINDS
from planner.directory.public import visible
from tests.api.conftest import follow, slugs

LISTS = [kind.plural for kind in KINDS.values()]
PLURAL_OF = {kind.name: kind.plural for kind in KINDS.values()}

# list, a public record it shows, a hidden record it must not show
SHOWN_AND_HIDDEN = [
    ("councils", "council_a", "council_hidden"),  # archived council
    ("centres", "centre_a", "centre_hidden"),  # archived centre
    ("organisations", "org_a", "org_hidden"),  # archived organisation
    ("initiatives", "initiative_a", "draft"),  # draft initiative
    ("programmes", "programme_a", "programme_of_draft"),  # programme of a draft initiative
    ("partnerships", "partnership_a", "partnership_hidden"),  # archived partnership
]


@pytest.mark.parametrize("kind_name", list(KINDS))
def test_following_next_gives_every_public_record_exactly_once(client, world, db, kind_name):
    model = KINDS[kind_name].model
    public = set(db.scalars(select(model.slug).where(visible(model))))
    every = slugs(follow(client, f"/api/v1/{PLURAL_OF[kind_name]}?limit=2"))
    assert len(every) == len(set(every)), "a record came twice"
    assert set(every) == public


@pytest.mark.parametrize(("path", "shown", "hidden"), SHOWN_AND_HIDDEN)
def test_hidden_records_are_never_listed(client, world, path, shown, hidden):
    every = slugs(follow(client, f"/api/v1/{path}?limit=100"))
    assert getattr(world, shown).slug in every
    assert getattr(world, hidden).slug not in every


def test_a_page_holds_limit_items_in_id_order_and_says_where_the_next_is(client, world):
    body = client.get("/api/v1/councils?limit=1").get_json()
    assert body["meta"] == {"limit": 1, "count": 1, "q": None, "filters": {}}
    assert len(body["data"]) == 1
    assert "cursor=" in body["links"]["next"] and "limit=1" in body["links"]["next"]
    second = client.get(body["links"]["next"]).get_json()
    assert second["data"][0]["id"] > body["data"][0]["id"]


def test_the_default_page_holds_twenty(client, world, make):
    for number in range(21):
        make.council(f"Ksarzed spare council {number}", place=world.ksarzed)
    body = client.get("/api/v1/councils?country=MA").get_json()
    assert body["meta"]["limit"] == 20 and len(body["data"]) == 20
    assert body["links"]["next"] is not None


def test_the_last_page_has_no_next(client, world):
    body = client.get(f"/api/v1/councils?locality={world.ksarzed.slug}&limit=100").get_json()
    assert body["links"]["next"] is None
    assert slugs(body["data"]) == [world.council_a.slug]


# list and query string, the records it must show, those it must not
FILTERED = [
    ("councils", "country=MA", ["council_a"], ["council_b"]),
    ("councils", "locality={ksarzed}", ["council_a"], ["council_b"]),
    ("councils", "q=Florabad", ["council_b"], ["council_a"]),
    ("centres", "audience=women", ["centre_b"], ["centre_a"]),
    ("centres", "kind=language-classes", ["centre_a"], ["centre_b"]),
    ("organisations", "kind=cooperative", ["org_b"], ["org_a"]),
    ("organisations", "country=TR", ["org_b"], ["org_a"]),
    ("initiatives", "theme=heritage", ["initiative_b"], ["initiative_a"]),
    ("initiatives", "audience=refugees&country=MA", ["initiative_a"], ["initiative_b"]),
    ("initiatives", "q=carpet", ["initiative_b"], ["initiative_a"]),
    ("programmes", "country=TR", ["programme_b"], ["programme_a"]),
    ("programmes", "theme=youth", ["programme_a"], ["programme_b"]),
    ("partnerships", "kind=funding", ["partnership_a"], ["partnership_b"]),
    ("partnerships", "country=MA", ["partnership_a"], ["partnership_b"]),
    ("partnerships", "theme=youth", ["partnership_a"], ["partnership_b"]),
]


@pytest.mark.parametrize(("path", "query", "shown", "hidden"), FILTERED)
def test_each_filter_narrows_the_list_as_on_the_site(client, world, path, query, shown, hidden):
    query = query.replace("{ksarzed}", world.ksarzed.slug)
    every = slugs(follow(client, f"/api/v1/{path}?{query}&limit=100"))
    assert {getattr(world, name).slug for name in shown} <= set(every)
    assert not {getattr(world, name).slug for name in hidden} & set(every)


def test_filters_are_reported_and_carried_to_the_next_page(client, world, make):
    for number in range(3):
        make.council(f"Ksarzed second council {number}", place=world.ksarzed)
    body = client.get("/api/v1/councils?country=ma&q=Ksarzed&limit=2").get_json()
    assert body["meta"]["filters"] == {"country": "MA"}
    assert body["meta"]["q"] == "Ksarzed"
    every = follow(client, "/api/v1/councils?country=MA&q=Ksarzed&limit=2")
    assert len(every) == 4
    assert all(item["country"]["code"] == "MA" for item in every)


def test_an_empty_filter_is_no_filter(client, world):
    assert client.get("/api/v1/councils?country=&limit=100").status_code == 200


def test_the_list_answers_json_with_the_security_headers(client, world):
    response = client.get("/api/v1/initiatives")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_list_items_carry_their_relations_as_links(client, world):
    items = {item["slug"]: item for item in follow(client, "/api/v1/initiatives?country=MA&limit=100")}
    football = items[world.initiative_a.slug]
    assert football["council"]["slug"] == world.council_a.slug
    assert football["lead_organisation"]["slug"] == world.org_a.slug
    assert [partner["slug"] for partner in football["partners"]] == [world.org_b.slug]
    assert football["venue"]["api_url"].endswith(f"/api/v1/centres/{world.centre_a.slug}")
    assert football["theme"] == {"key": "youth", "name": world.youth.name}
    assert football["starts_on"] == world.initiative_a.starts_on.isoformat()
