"""The OpenAPI 3.1 document of the API, built from the URL map and the response models.

The schemas come from `planner.api.schemas` (pydantic writes JSON Schema 2020-12, which OpenAPI
3.1 adopts), the paths from the app's own URL rules, and each operation from the table below:
a new /api/v1 route without an entry here makes the document fail to build (and its test fail).
The document is written for programmers, in English, and does not change with the reader's language.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from flask import current_app
from pydantic.json_schema import models_json_schema

from planner.api import schemas
from planner.api.params import DEFAULT_LIMIT, MAX_LIMIT
from planner.directory.filters import MAX_QUERY_LENGTH
from planner.directory.kinds import KINDS
from planner.directory.lists import LISTINGS
from planner.organisations.models import OrganisationKind
from planner.partnerships.models import PartnershipKind
from planner.volunteering.queries import DAYS, PARTS_OF_DAY

REF = "#/components/schemas/{model}"
API_VERSION_PREFIX = "/api/v1/"
RULE_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")

DESCRIPTION = """Read-only access to the public directory (councils, community centres, organisations,
initiatives, volunteer programmes, partnerships), to councils' published budgets and to the upcoming shifts
volunteers can sign up for.

Lists take the same filters as the site's lists and are paged by cursor, in id order (shifts soonest first):
follow `links.next` until it is null. `/api/v1/shifts/changes` lists the shifts changed since a moment, for a copy
kept in step. A parameter the API cannot use is refused with 400 and a message
naming it (unknown names and repeated parameters too); a record that does not exist or is not
public is a 404. Money is a string holding an exact decimal with as many places as its currency has in ISO 4217
(JOD 180000.000, EUR 1500.00, JPY 20000), beside its currency code. Instants are ISO 8601 in UTC; dates are ISO 8601 calendar dates.

The site's lists also download as CSV, with the same words and filters (and `lang` for the headings' language):
`/councils.csv?country=JO&lang=ar`."""

FILTERS = {
    "country": {"type": "string", "pattern": "^[A-Za-z]{2}$", "examples": ["JO"]},
    "locality": {"type": "string", "maxLength": 120, "examples": ["amman"]},
    "theme": {"type": "string", "maxLength": 60, "examples": ["youth"]},
    "audience": {"type": "string", "maxLength": 60, "examples": ["refugees"]},
}
FILTER_TEXT = {
    "country": "ISO 3166-1 alpha-2 code of a country where the record is (or, for partnerships, a party is).",
    "locality": "Slug of a place (city, district or region).",
    "theme": "Key of a theme (for programmes and partnerships: the theme of their initiatives).",
    "audience": "Key of an audience served.",
}
KIND_FILTERS = {
    "centre": ({"type": "string", "maxLength": 60, "examples": ["language-classes"]}, "Key of a service offered."),
    "organisation": ({"type": "string", "enum": [kind.value for kind in OrganisationKind]},
                     "The form of organisation."),
    "partnership": ({"type": "string", "enum": [kind.value for kind in PartnershipKind]},
                    "What the partners give each other."),
}


@cache
def component_schemas() -> dict[str, Any]:
    """Every response shape, as JSON Schema keyed by name (the record shapes and the envelopes around them)."""
    models = [*schemas.ITEMS.values(), *schemas.DETAILS.values(), schemas.ShiftItem, schemas.ShiftChange,
              schemas.WithdrawnShift, schemas.Budget, schemas.Links, schemas.ListMeta, schemas.ChangesMeta,
              schemas.PageMeta, schemas.Error]
    _, top = models_json_schema([(model, "serialization") for model in models], ref_template=REF)
    found = dict(top["$defs"])
    for kind_name, item in schemas.ITEMS.items():
        found[_list_name(kind_name)] = _envelope(_array_of(item.__name__), "ListMeta")
        found[_detail_name(kind_name)] = _envelope(_ref(schemas.DETAILS[kind_name].__name__))
    found["BudgetResponse"] = _envelope(_ref("Budget"), "PageMeta")
    found["ShiftList"] = _envelope(_array_of("ShiftItem"), "ListMeta")
    changes = {"type": "array", "items": {"oneOf": [_ref("ShiftChange"), _ref("WithdrawnShift")]}}
    found["ShiftChanges"] = _envelope(changes, "ChangesMeta")
    return found


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(model=name)}


def _array_of(name: str) -> dict[str, Any]:
    return {"type": "array", "items": _ref(name)}


def _envelope(data: dict[str, Any], meta: str | None = None) -> dict[str, Any]:
    properties = {"data": data}
    if meta:
        properties.update(links=_ref("Links"), meta=_ref(meta))
    return {"type": "object", "properties": properties, "required": list(properties)}


def _list_name(kind_name: str) -> str:
    return f"{schemas.ITEMS[kind_name].__name__}List"


def _detail_name(kind_name: str) -> str:
    return f"{schemas.ITEMS[kind_name].__name__}Response"


# --- parameters and responses -----------------------------------------------------------------


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _path(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema, "description": description}


PAGING = [
    _query("cursor", {"type": "string", "maxLength": 40},
           "Opaque: the `links.next` of the previous page carries it. Leave out for the first page."),
    _query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
           "How many items a page holds."),
]
KEY = _path("key", {"type": "string", "maxLength": 120}, "The record's id or its slug.")
YEAR = _path("year", {"type": "integer", "minimum": 1900, "maximum": 2200}, "The fiscal year.")


def _ok(schema_name: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema_name)}}}


def _failure(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


BAD_REQUEST = _failure("A parameter could not be used; the message names it.")
NOT_FOUND = _failure("No public record at this address.")


def _filters(kind_name: str) -> list[dict[str, Any]]:
    parameters = [_query("q", {"type": "string", "maxLength": MAX_QUERY_LENGTH},
                         "Words to look for (each also matches as the start of a word).")]
    for name in LISTINGS[kind_name].filters:
        schema, text = KIND_FILTERS[kind_name] if name == "kind" else (FILTERS[name], FILTER_TEXT[name])
        parameters.append(_query(name, schema, text))
    return parameters


# --- operations -------------------------------------------------------------------------------


def _list_operation(kind_name: str) -> dict[str, Any]:
    plural = KINDS[kind_name].plural
    return {
        "operationId": f"list_{plural}",
        "tags": [plural],
        "summary": f"Public {plural}, filtered, in id order",
        "parameters": [*_filters(kind_name), *PAGING],
        "responses": {"200": _ok(_list_name(kind_name), f"One page of {plural}."), "400": BAD_REQUEST},
    }


def _detail_operation(kind_name: str) -> dict[str, Any]:
    plural = KINDS[kind_name].plural
    return {
        "operationId": f"get_{kind_name}",
        "tags": [plural],
        "summary": f"One public {kind_name} with its relations and provenance",
        "parameters": [KEY],
        "responses": {"200": _ok(_detail_name(kind_name), f"The {kind_name}."), "400": BAD_REQUEST,
                      "404": NOT_FOUND},
    }


BUDGET_OPERATION = {
    "operationId": "get_council_budget",
    "tags": ["budgets"],
    "summary": "A council's public budget for a fiscal year, with its decisions a page at a time",
    "parameters": [KEY, YEAR, *PAGING],
    "responses": {"200": _ok("BudgetResponse", "The year's budget and one page of its decisions."),
                  "400": BAD_REQUEST, "404": _failure("No public council, or nothing published for that year.")},
}

DAY = {"type": "string", "format": "date", "examples": ["2027-03-01"]}
SHIFT_FILTERS = [
    _query("programme", {"type": "string", "maxLength": 120, "examples": ["food-bank-helpers"]},
           "Slug of a public programme."),
    _query("locality", FILTERS["locality"], "Slug of the place the shift is in; dates are then days on its clock."),
    _query("theme", FILTERS["theme"], "Key of the theme of the programme's initiative."),
    _query("skill", {"type": "string", "maxLength": 60, "examples": ["first-aid"]},
           "Key of a skill the programme asks for."),
    _query("language", {"type": "string", "maxLength": 8, "examples": ["ar"]},
           "Code of a language spoken on the programme."),
    _query("date_from", DAY, "The first day (on the place's clock; each shift's own without `locality`)."),
    _query("date_to", DAY, "The last day, included."),
    _query("days", {"type": "string", "enum": list(DAYS)}, "Weekdays, or the weekend as the shift's country keeps it."),
    _query("part_of_day", {"type": "string", "enum": list(PARTS_OF_DAY)},
           "When the shift starts, on its place's clock: before noon, noon to five, or later."),
]
SHIFTS_OPERATION = {
    "operationId": "list_shifts",
    "tags": ["shifts"],
    "summary": "Upcoming shifts of public programmes, soonest first, each date of a series on its own",
    "parameters": [*SHIFT_FILTERS, *PAGING],
    "responses": {"200": _ok("ShiftList", "One page of shifts."), "400": BAD_REQUEST},
}

SHIFT_CHANGES_OPERATION = {
    "operationId": "list_shift_changes",
    "tags": ["shifts"],
    "summary": "The shifts changed since a moment, in the order of their last change (withdrawn: out of public view)",
    "description": "For a copy of the shifts kept in step: ask with `since` once, then follow `links.next` while "
                   "`meta.more` is true; keep the last `links.next` and ask it again later for the changes made "
                   "since. Every change to a shift's text, time, place, places, waiting list or status, or to the "
                   "name of its programme, centre or place, brings it back, cancelled and past shifts included. A shift the public no longer sees (its programme "
                   "archived, its initiative taken out of public view) comes back as `withdrawn`, with its id "
                   "alone: drop it from the copy; so does a change to a shift the public has never seen. A change "
                   "is listed once it is ten seconds old (only one whose transaction took longer than that to "
                   "commit could be passed by), and pages may be kept for up to a minute, so a change shows here "
                   "within about a minute.",
    "parameters": [
        _query("since", {"type": "string", "format": "date-time", "examples": ["2027-03-01T09:30:00Z"]},
               "On the first call: the changes made at this instant or after (ISO 8601 with its offset)."),
        *PAGING,
    ],
    "responses": {"200": _ok("ShiftChanges", "One page of changed shifts."), "400": BAD_REQUEST},
}

OPERATIONS: dict[str, Callable[[], dict[str, Any]]] = {
    **{f"api.{kind.plural}": (lambda name=name: _list_operation(name)) for name, kind in KINDS.items()},
    **{f"api.{name}": (lambda name=name: _detail_operation(name)) for name in KINDS},
    "api.council_budget": lambda: BUDGET_OPERATION,
    "api.shifts": lambda: SHIFTS_OPERATION,
    "api.shift_changes": lambda: SHIFT_CHANGES_OPERATION,
}


def openapi_path(rule: str) -> str:
    """A Flask rule written as an OpenAPI path: `/councils/<int:year>` becomes `/councils/{year}`."""
    return RULE_ARGUMENT.sub(r"{\1}", rule)


def document() -> dict[str, Any]:
    """The whole OpenAPI document: every /api/v1 rule of the app with its operation."""
    paths: dict[str, dict[str, Any]] = {}
    for rule in current_app.url_map.iter_rules():
        if rule.rule.startswith(API_VERSION_PREFIX):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                paths.setdefault(openapi_path(rule.rule), {})[method.lower()] = OPERATIONS[rule.endpoint]()
    return {
        "openapi": "3.1.0",
        "info": {"title": "Community initiative directory and planner", "version": "1.0.0",
                 "description": DESCRIPTION},
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": component_schemas()},
    }
