"""The OpenAPI document: it validates, it names every /api/v1 route (and no other), and the API's real
answers match the schemas it documents."""
from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from planner.api.openapi import openapi_path
from planner.directory.kinds import KINDS
from planner.directory.lists import LISTINGS


@pytest.fixture
def spec(client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def answer_matches(spec: dict, path: str, method: str, status: str, body: dict) -> None:
    """Check a response body against the schema the document gives for it."""
    schema = spec["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    validator = Draft202012Validator({**schema, "components": spec["components"]})
    errors = sorted(validator.iter_errors(body), key=str)
    assert not errors, errors[0]


def test_the_document_is_valid_openapi_3_1(spec):
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_every_api_route_is_documented_and_nothing_else(app, spec):
    routes = {
        (openapi_path(rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    documented = {(path, method) for path, operations in spec["paths"].items() for method in operations}
    assert routes == documented
    assert len(routes) == 15


@pytest.mark.parametrize("kind_name", list(KINDS))
def test_each_list_documents_exactly_the_filters_it_takes(spec, kind_name):
    operation = spec["paths"][f"/api/v1/{KINDS[kind_name].plural}"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names == {"q", *LISTINGS[kind_name].filters, "cursor", "limit"}
    assert {"200", "400"} <= set(operation["responses"])


def test_path_parameters_are_declared(spec):
    budget = spec["paths"]["/api/v1/councils/{key}/budget/{year}"]["get"]
    assert {(p["name"], p["in"]) for p in budget["parameters"]} >= {("key", "path"), ("year", "path")}


@pytest.mark.parametrize("kind_name", list(KINDS))
def test_lists_and_records_answer_as_documented(client, world, spec, kind_name):
    plural = KINDS[kind_name].plural
    listed = client.get(f"/api/v1/{plural}?limit=100").get_json()
    answer_matches(spec, f"/api/v1/{plural}", "get", "200", listed)
    for item in listed["data"][:5]:
        detail = client.get(f"/api/v1/{plural}/{item['slug']}").get_json()
        answer_matches(spec, f"/api/v1/{plural}/{{key}}", "get", "200", detail)


def test_a_budget_answers_as_documented(client, world, make, spec):
    from planner.budgets.models import RequestStatus

    make.envelope(world.council_a, 2026, amount="100.00")
    make.decision(make.budget_request(world.initiative_a, status=RequestStatus.DECIDED), amount="10.00")
    body = client.get(f"/api/v1/councils/{world.council_a.slug}/budget/2026").get_json()
    answer_matches(spec, "/api/v1/councils/{key}/budget/{year}", "get", "200", body)


def test_errors_answer_as_documented(client, world, spec):
    answer_matches(spec, "/api/v1/councils", "get", "400", client.get("/api/v1/councils?limit=0").get_json())
    answer_matches(spec, "/api/v1/councils/{key}", "get", "404", client.get("/api/v1/councils/none").get_json())


def test_a_programme_with_shifts_answers_as_documented(client, world, spec):
    detail = client.get(f"/api/v1/programmes/{world.programme_a.slug}").get_json()
    assert detail["data"]["shifts"]
    answer_matches(spec, "/api/v1/programmes/{key}", "get", "200", detail)


def test_the_schema_check_would_catch_a_wrong_answer(client, world, spec):
    body = client.get(f"/api/v1/councils/{world.council_a.slug}").get_json()
    body["data"]["currency"] = 12.5
    with pytest.raises(AssertionError):
        answer_matches(spec, "/api/v1/councils/{key}", "get", "200", body)


def test_the_list_of_shifts_documents_its_filters_and_answers_as_documented(client, world, spec):
    operation = spec["paths"]["/api/v1/shifts"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {
        "programme", "locality", "theme", "skill", "language", "date_from", "date_to", "days", "part_of_day",
        "cursor", "limit"}
    body = client.get("/api/v1/shifts?limit=1").get_json()
    assert body["data"]
    answer_matches(spec, "/api/v1/shifts", "get", "200", body)
    answer_matches(spec, "/api/v1/shifts", "get", "400", client.get("/api/v1/shifts?days=sometimes").get_json())
