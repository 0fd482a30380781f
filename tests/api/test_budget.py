"""A council's budget for a year from the API: money as exact strings with its currency, decisions by page."""
from __future__ import annotations

import json

import pytest

from planner.budgets.models import DecisionOutcome, RequestStatus


def decided(make, initiative, amount: str, outcome=DecisionOutcome.APPROVED, theme: str | None = "youth",
            items=None):
    """A decided request on the initiative, and its published decision."""
    request = make.budget_request(initiative, status=RequestStatus.DECIDED, items=items)
    decision = make.decision(request, amount=amount, outcome=outcome)
    decision.theme_key = theme
    return decision


@pytest.fixture
def budget(world, make, db):
    """Ksarzed's 2026: an envelope with cents, three published decisions in two themes, one returned request."""
    make.theme("heritage")
    make.envelope(world.council_a, 2026, amount="50000.10", allocated="12345.67")
    scene = {
        "youth": decided(make, world.initiative_a, "12000.55",
                         items=[("staff", "Coach", "1", "12000.55")]),
        "heritage": decided(make, world.initiative_a, "345.12", DecisionOutcome.PARTIALLY_APPROVED, "heritage",
                            items=[("materials", "Balls", "2", "400.00")]),
        "rejected": decided(make, world.initiative_a, "0.00", DecisionOutcome.REJECTED),
        "returned": decided(make, world.initiative_a, "0.00", DecisionOutcome.RETURNED),
    }
    db.commit()
    return scene


def url(world, year: int = 2026, query: str = "") -> str:
    return f"/api/v1/councils/{world.council_a.slug}/budget/{year}{query}"


def test_totals_are_exact_decimal_strings_with_the_currency(client, world, budget):
    response = client.get(url(world))
    assert response.status_code == 200
    data = response.get_json()["data"]
    assert data["currency"] == "MAD"
    assert (data["envelope"], data["allocated"], data["remaining"]) == ("50000.10", "12345.67", "37654.43")
    assert data["fiscal_year"] == 2026
    assert data["council"]["slug"] == world.council_a.slug
    assert data["url"].endswith(f"/councils/{world.council_a.slug}/budget/2026")
    assert data["csv_url"].endswith("/budget/2026/decisions.csv")


def test_no_amount_is_ever_a_json_number(client, world, budget):
    def no_floats(text: str):
        raise AssertionError(f"a float in the answer: {text}")

    json.loads(client.get(url(world)).get_data(as_text=True), parse_float=no_floats)


def test_allocation_by_theme_counts_current_approvals_only(client, world, budget):
    themes = client.get(url(world)).get_json()["data"]["allocation_by_theme"]
    assert themes == [
        {"theme": {"key": "youth", "name": world.youth.name}, "amount": "12000.55", "decisions": 1},
        {"theme": {"key": "heritage", "name": world.heritage.name}, "amount": "345.12", "decisions": 1},
    ]


def test_decisions_are_the_published_ones_each_once_across_pages(client, world, budget):
    body = client.get(url(world, query="?limit=2")).get_json()
    assert body["meta"] == {"limit": 2, "count": 2}
    assert body["data"]["decisions_published"] == 3
    pages = [body["data"]["decisions"]]
    while body["links"]["next"]:
        body = client.get(body["links"]["next"]).get_json()
        pages.append(body["data"]["decisions"])
    ids = [decision["id"] for page in pages for decision in page]
    assert ids == sorted({budget["youth"].id, budget["heritage"].id, budget["rejected"].id})
    assert len(pages) == 2


def test_a_decision_says_what_was_asked_and_what_was_approved(client, world, budget):
    decisions = {d["id"]: d for d in client.get(url(world)).get_json()["data"]["decisions"]}
    partial = decisions[budget["heritage"].id]
    assert partial["outcome"] == "partially_approved"
    assert (partial["requested"], partial["approved"], partial["currency"]) == ("800.00", "345.12", "MAD")
    assert partial["initiative"] == {"slug": world.initiative_a.slug, "title": world.initiative_a.title}
    assert partial["theme"] == world.heritage.name
    assert partial["decided_at"].endswith("Z")
    assert decisions[budget["rejected"].id]["approved"] == "0.00"


def test_a_correction_points_back_and_is_pointed_to(client, world, budget, make, db):
    first = budget["youth"]
    correction = decided(make, world.initiative_a, "11000.00")
    correction.corrects_id = first.id
    db.commit()
    decisions = {d["id"]: d for d in client.get(url(world, query="?limit=100")).get_json()["data"]["decisions"]}
    assert decisions[first.id]["corrected_by"] == correction.id
    assert decisions[correction.id]["corrects"] == first.id


def test_a_year_with_decisions_but_no_envelope(client, world, make, db):
    decided(make, world.initiative_a, "99.99")
    db.commit()
    data = client.get(url(world)).get_json()["data"]
    assert data["envelope"] is None and data["remaining"] is None
    assert data["allocated"] == "99.99"
    assert data["currency"] == "MAD"


def test_the_largest_amount_the_planner_holds_stays_exact(client, world, make, db):
    make.envelope(world.council_a, 2027, amount="999999999999.99", allocated="999999999999.98")
    db.commit()
    data = client.get(url(world, 2027)).get_json()["data"]
    assert (data["envelope"], data["allocated"], data["remaining"]) == ("999999999999.99", "999999999999.98", "0.01")


def test_the_budget_answers_at_the_council_id_too(client, world, budget):
    by_id = client.get(f"/api/v1/councils/{world.council_a.id}/budget/2026").get_json()["data"]
    assert by_id["allocated"] == "12345.67"

