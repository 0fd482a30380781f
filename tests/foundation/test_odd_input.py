"""Odd input gets a calm answer (a 404 or 400, or the page with a message), never a 500, on every route.

The sweep covers the whole URL map, as the admin who may open every page: ids past the column's range
in the path and in the query, odd text in place of any part of an address (a key, a token, a code), NUL
bytes, line breaks and very long values in every query parameter, and line breaks inside the `next` a
form posts back. Odd values in every form's fields are in test_odd_form_values.py.
"""
from __future__ import annotations

import re

import pytest
from werkzeug.routing import IntegerConverter

from planner.accounts.models import Role

ODD_IDS = ["9999999999", "2147483648", "99999999999999999999999"]
ODD_PATH_VALUES = ["²", "٣", "x" * 3000, "\u202e", "..", "a b"]
ODD_VALUES = ["\x00", "a\r\nLocation: https://evil.example", "9999999999", "-1", "x" * 5000, "١٢"]
QUERY_NAMES = ["q", "page", "country", "locality", "theme", "kind", "audience", "sort", "cursor", "limit",
               "date_from", "date_to", "skill", "language", "programme", "record_type", "record_id", "actor",
               "year", "next", "lang"]


def get_rules(app):
    return [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods and rule.endpoint != "static"]


def id_arguments(rule) -> list[str]:
    return [name for name, converter in rule._converters.items() if isinstance(converter, IntegerConverter)]


@pytest.fixture
def as_admin(client, login, make):
    admin = make.user()
    make.grant(admin, Role.ADMIN)
    login(admin)
    return client


@pytest.mark.parametrize("odd", ODD_IDS)
def test_an_id_past_the_columns_range_is_not_found(app, as_admin, odd):
    swept = 0
    for rule in app.url_map.iter_rules():
        if not id_arguments(rule):
            continue
        path = rule.rule
        for name in rule.arguments:
            value = odd if name in id_arguments(rule) else "1"
            path = re.sub(rf"<(?:[^<>:]+:)?{name}>", value, path)  # <id:shift_id>, <key>, <int(…):year>
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = as_admin.open(path, method=method)
            assert response.status_code == 404, (method, path, response.status_code)
        swept += 1
    assert swept >= 10


def test_odd_text_in_any_part_of_an_address_is_answered_calmly(app, as_admin):
    swept = 0
    for rule in app.url_map.iter_rules():
        if not rule.arguments or rule.endpoint == "static":
            continue
        for odd in ODD_PATH_VALUES:
            path = rule.rule
            for name in rule.arguments:
                path = re.sub(rf"<(?:[^<>:]+:)?{name}>", odd, path)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                response = as_admin.open(path, method=method)
                response.close()
                assert response.status_code < 500, (method, rule.rule, odd[:12], response.status_code)
        swept += 1
    assert swept >= 30


@pytest.mark.parametrize("value", ODD_VALUES, ids=["nul", "crlf", "huge id", "negative", "very long", "arabic digits"])
def test_odd_query_values_never_break_a_page(app, as_admin, value):
    for rule in get_rules(app):
        if rule.arguments:
            continue
        response = as_admin.get(rule.rule, query_string={name: value for name in QUERY_NAMES})
        assert response.status_code < 500, (rule.rule, response.status_code)
        assert "\r\nLocation" not in str(response.headers)


def test_a_nul_byte_in_any_one_query_value_never_breaks_a_page(app, as_admin):
    """Each name alone, so that a page refusing the first odd value it reads cannot hide what a later one would
    do (PostgreSQL cannot compare text holding a NUL byte: a value reaching a query unchecked answers 500)."""
    for rule in get_rules(app):
        if rule.arguments:
            continue
        for name in QUERY_NAMES:
            response = as_admin.get(rule.rule, query_string={name: "x\x00"})
            response.close()  # a streamed CSV holds its request open until it is read or closed
            assert response.status_code < 500, (rule.rule, name, response.status_code)


@pytest.mark.parametrize("target", ["/\r\nSet-Cookie: x=1", "/shifts\n", "/%0d%0aLocation:%20//evil.example",
                                    "/\x00", "\\\\evil.example", "/ok\tthen"])
def test_a_next_with_line_breaks_falls_back_to_a_safe_page(client, target):
    for path in ("/language", "/calendar-preference"):
        response = client.post(path, data={"language": "fr", "calendar": "hijri", "next": target})
        assert response.status_code in (302, 303, 400), (path, response.status_code)
        if response.status_code == 400:  # a NUL byte: refused before any page runs
            assert "Location" not in response.headers
            continue
        location = response.headers["Location"]
        assert "\r" not in location and "\n" not in location and "\x00" not in location
        assert location.startswith("/") and not location.startswith("//") and "\\" not in location


def test_a_posted_nul_byte_is_refused_before_any_page_runs(client, db):
    from sqlalchemy import func, select

    from planner.accounts.models import User

    before = db.scalar(select(func.count()).select_from(User))
    response = client.post("/register", data={"name": "Nul\x00Byte", "email": "nul@example.org",
                                              "password": "a long enough pass phrase", "confirm": "x"})
    assert response.status_code == 400
    assert "Traceback" not in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(User)) == before
