"""Pages on other sites may read the open data (the JSON API and the directory's CSVs) from their visitors' browsers,
and nothing else: the site's own pages and forms answer another origin as before."""
from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.conftest import log_in

ELSEWHERE = {"Origin": "https://council-website.example"}


@pytest.fixture
def visitor(app, db) -> FlaskClient:
    """A browser that is not signed in; unlike the `client` fixture it leaves the cache's versions alone, so a second
    request may be answered from the cache."""
    return FlaskClient(app, app.response_class, use_cookies=True)


def open_data(world) -> list[str]:
    return ["/api/v1/initiatives", f"/api/v1/initiatives/{world.initiative_a.slug}", "/api/v1/councils?country=MA",
            "/api/openapi.json", "/initiatives.csv", "/councils.csv?country=TR", "/api/v1/initiatives/no-such-thing"]


def test_another_site_may_read_the_open_data_fresh_or_from_the_cache(visitor, world):
    for address in open_data(world):
        for _fresh_then_kept in range(2):
            answer = visitor.get(address, headers=ELSEWHERE)
            assert answer.status_code in (200, 404) and answer.get_data(), address
            assert answer.headers.get("Access-Control-Allow-Origin") == "*", address
            assert "Access-Control-Allow-Credentials" not in answer.headers, address


def test_a_browser_asking_first_may_only_read(visitor, world):
    answer = visitor.options("/api/v1/initiatives", headers={
        **ELSEWHERE, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "Accept-Language"})
    assert answer.status_code == 200 and answer.headers["Access-Control-Allow-Origin"] == "*"
    assert set(answer.headers["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {"GET", "HEAD"}
    assert int(answer.headers["Access-Control-Max-Age"]) > 0


@pytest.mark.parametrize("address", ["/initiatives", "/login", "/me", "/account/export", "/search?q=ksarzed"])
def test_the_site_s_own_pages_are_for_the_site_alone(client, make, world, address):
    log_in(client, make.user())
    answer = client.get(address, headers=ELSEWHERE)
    assert "Access-Control-Allow-Origin" not in answer.headers, address
