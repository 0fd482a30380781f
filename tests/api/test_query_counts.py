"""No query per row: an API page, a record and a budget cost the same few SELECTs however much they hold."""
from __future__ import annotations

import pytest

from planner.budgets.models import DecisionOutcome, RequestStatus
from tests.directory.test_query_counts import add_of_each_kind, add_relations_to_every_kind, fresh

MAX_QUERIES = 14

LISTS = [
    "/api/v1/councils?limit=100", "/api/v1/centres?limit=100", "/api/v1/organisations?limit=100",
    "/api/v1/initiatives?limit=100", "/api/v1/programmes?limit=100", "/api/v1/partnerships?limit=100",
    "/api/v1/centres?audience=refugees&kind=language-classes&q=Ksarzed&limit=100",
    "/api/v1/initiatives?theme=youth&audience=refugees&country=MA&q=Ksarzed&limit=100",
    "/api/v1/partnerships?country=MA&kind=funding&q=Ksarzed&limit=100",
    "/councils.csv?country=MA", "/initiatives.csv?q=Ksarzed", "/partnerships.csv", "/programmes.csv",
]


@pytest.mark.parametrize("path", LISTS)
def test_a_page_costs_the_same_few_queries_however_many_items_it_holds(client, world, make, db, count_queries,
                                                                       path):
    add_of_each_kind(world, make, db, 1, "first")
    assert client.get(path).status_code == 200
    few = count_queries(lambda: client.get(path).get_data())
    add_of_each_kind(world, make, db, 20, "more")
    many = count_queries(lambda: client.get(path).get_data())
    assert many == few
    assert many <= MAX_QUERIES


DETAILS = [
    ("councils", "council_a"), ("centres", "centre_a"), ("organisations", "org_b"),
    ("initiatives", "initiative_a"), ("programmes", "programme_a"), ("partnerships", "partnership_a"),
]


@pytest.mark.parametrize(("kind", "name"), DETAILS)
def test_a_record_costs_the_same_queries_however_many_relations_it_lists(client, world, make, db, count_queries,
                                                                         kind, name):
    path = f"/api/v1/{kind}/{getattr(world, name).slug}"
    db.remove()
    few = count_queries(lambda: client.get(path))
    add_relations_to_every_kind(world, make, db)
    db.remove()
    many = count_queries(lambda: client.get(path))
    assert many == few
    assert many <= MAX_QUERIES


def test_a_budget_costs_the_same_queries_however_many_decisions_it_has(client, world, make, db, count_queries):
    path = f"/api/v1/councils/{world.council_a.slug}/budget/2026?limit=100"
    make.envelope(world.council_a, 2026, amount="100000.00")
    make.decision(make.budget_request(world.initiative_a, status=RequestStatus.DECIDED), amount="10.00")
    db.commit()
    db.remove()
    few = count_queries(lambda: client.get(path))
    football = fresh(db, world.initiative_a)
    for number in range(30):
        outcome = DecisionOutcome.REJECTED if number % 3 else DecisionOutcome.APPROVED
        make.decision(make.budget_request(football, status=RequestStatus.DECIDED), amount=f"{number}.25",
                      outcome=outcome)
    db.commit()
    db.remove()
    many = count_queries(lambda: client.get(path))
    assert many == few
    assert many <= MAX_QUERIES
