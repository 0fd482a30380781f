"""No query per row: a page costs the same few SELECTs whether it shows two records or twenty."""
from __future__ import annotations

import pytest
from sqlalchemy import inspect

from planner.partnerships.models import PartnershipKind

MAX_QUERIES_PER_PAGE = 14


def fresh(db, record):
    """The record as the current session knows it (the one from the fixture is detached after a request)."""
    return db.get(type(record), inspect(record).identity)


def add_of_each_kind(world, make, db, count: int, tag: str):
    """More public records of every kind, all about Ksarzed, each with relations of every type to load."""
    language, refugees, women, weavers = (
        fresh(db, record) for record in (world.language, world.refugees, world.women, world.org_b)
    )
    for number in range(count):
        number = f"{tag} {number}"
        council = make.council(f"Ksarzed extra council {number}", place=world.ksarzed)
        centre = make.centre(f"Ksarzed extra centre {number}", in_council=council, services=[language],
                             audiences=[refugees])
        organisation = make.organisation(f"Ksarzed extra group {number}", "MA", locality_id=world.ksarzed.id)
        initiative = make.initiative(f"Ksarzed extra initiative {number}", in_council=council, lead=organisation,
                                     partners=[weavers], audiences=[refugees, women],
                                     venue_centre_id=centre.id)
        make.programme(f"Ksarzed extra programme {number}", owner=organisation, initiative_id=initiative.id,
                       centre_id=centre.id)
        make.partnership(f"Ksarzed extra partnership {number}", initiatives=(initiative,), kind=PartnershipKind.FUNDING,
                         parties=(council, organisation, centre, make.country("MA")))
    db.commit()
    db.remove()  # the next request starts with an empty session, as it would in production


PAGES = [
    "/councils", "/centres", "/organisations", "/initiatives", "/programmes", "/partnerships",
    "/councils?country=MA&q=Ksarzed", "/centres?audience=refugees&kind=language-classes&q=Ksarzed",
    "/organisations?country=MA&sort=name", "/initiatives?theme=youth&audience=refugees&country=MA&q=Ksarzed",
    "/programmes?country=MA&q=Ksarzed", "/partnerships?country=MA&kind=funding&q=Ksarzed",
    "/search?q=Ksarzed&kind=initiative&country=MA", "/search?q=Ksarzed&kind=partnership", "/",
]


@pytest.mark.parametrize("path", PAGES)
def test_a_page_costs_the_same_few_queries_however_many_rows_it_shows(client, world, make, db, count_queries, path):
    add_of_each_kind(world, make, db, 1, "first")
    assert client.get(path).status_code == 200
    few = count_queries(lambda: client.get(path))
    add_of_each_kind(world, make, db, 20, "more")
    many = count_queries(lambda: client.get(path))
    assert many == few
    assert many <= MAX_QUERIES_PER_PAGE


def test_a_search_across_kinds_costs_at_most_one_query_per_kind_on_top(client, world, make, db, count_queries):
    """Filters (3), counts per kind, total, page, then the records of each kind on the page (at most 6)."""
    add_of_each_kind(world, make, db, 20, "many")
    assert count_queries(lambda: client.get("/search?q=Ksarzed")) <= 6 + 6


def add_relations_to_every_kind(world, make, db, count: int = 8) -> None:
    """More of everything the world's detail pages list: initiatives, programmes, centres, shifts, partners."""
    council, centre, friends, weavers, football, coaches = (fresh(db, record) for record in (
        world.council_a, world.centre_a, world.org_a, world.org_b, world.initiative_a, world.programme_a))
    for number in range(count):
        initiative = make.initiative(f"Related {number}", in_council=council, lead=weavers, partners=[friends],
                                     venue_centre_id=centre.id)
        make.programme(f"Related programme {number}", owner=weavers, initiative_id=football.id, centre_id=centre.id)
        make.centre(f"Related centre {number}", in_council=council)
        make.shift(of=coaches, place=make.locality())
        make.partnership(f"Related partnership {number}", parties=(council, weavers, centre),
                         initiatives=(football, initiative))
    db.commit()


DETAILS = [
    ("councils", "council_a"), ("centres", "centre_a"), ("organisations", "org_b"),
    ("initiatives", "initiative_a"), ("programmes", "programme_a"), ("partnerships", "partnership_a"),
]


@pytest.mark.parametrize(("kind", "name"), DETAILS)
def test_a_detail_page_costs_the_same_queries_however_many_relations_it_lists(
    client, world, make, db, count_queries, kind, name
):
    path = f"/{kind}/{getattr(world, name).slug}"
    db.remove()
    few = count_queries(lambda: client.get(path))
    add_relations_to_every_kind(world, make, db)
    db.remove()
    many = count_queries(lambda: client.get(path))
    assert many == few
    assert many <= MAX_QUERIES_PER_PAGE


def test_a_partnership_page_costs_the_same_with_four_parties_or_eight(client, world, make, db, count_queries):
    pair = make.partnership("Four-party pact",
                            parties=(world.council_a, world.centre_a, world.org_b, make.country("MA")))
    crowd = make.partnership("Eight-party pact", parties=(
        world.council_a, world.council_b, world.centre_a, world.centre_b, world.org_a, world.org_b,
        make.country("MA"), make.country("TR"),
    ))
    db.commit()
    db.remove()
    assert count_queries(lambda: client.get(f"/partnerships/{pair.slug}")) == count_queries(
        lambda: client.get(f"/partnerships/{crowd.slug}")
    )
