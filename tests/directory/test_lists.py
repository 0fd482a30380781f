"""The six public lists: what they show, each filter they offer, sorting, and bad query strings."""
from __future__ import annotations

import html

import pytest
from sqlalchemy import func, select

from planner.directory.models import SearchEntry
from planner.initiatives.models import Initiative

LISTS = ("councils", "centres", "organisations", "initiatives", "programmes", "partnerships")

# list, the public record it shows, the hidden record it must not show
SHOWN_AND_HIDDEN = [
    ("councils", "council_a", "council_hidden"),  # archived council
    ("centres", "centre_a", "centre_hidden"),  # archived centre
    ("organisations", "org_a", "org_hidden"),  # archived organisation
    ("initiatives", "initiative_a", "draft"),  # draft initiative
    ("programmes", "programme_a", "programme_of_draft"),  # programme of a draft initiative
    ("partnerships", "partnership_a", "partnership_hidden"),  # archived partnership
]


def name_of(record) -> str:
    return getattr(record, "title", None) or record.name


def text(response) -> str:
    """The page as a reader sees its words (entities such as &#39; turned back into characters)."""
    return html.unescape(response.get_data(as_text=True)).replace("\u202f", " ")  # CLDR puts a narrow space before AM


@pytest.mark.parametrize(("path", "shown", "hidden"), SHOWN_AND_HIDDEN)
def test_a_list_shows_public_records_only(client, world, path, shown, hidden):
    page = text(client.get(f"/{path}?page=1"))
    assert name_of(getattr(world, shown)) in page
    assert name_of(getattr(world, hidden)) not in page


# list, query string (a callable of the world), records expected, records not expected
FILTERS = [
    ("councils", lambda w: "country=MA", ["council_a"], ["council_b"]),
    ("councils", lambda w: "country=tr", ["council_b"], ["council_a"]),  # lower case is accepted
    ("councils", lambda w: f"locality={w.florabad.slug}", ["council_b"], ["council_a"]),
    ("councils", lambda w: "q=Florabad", ["council_b"], ["council_a"]),
    ("centres", lambda w: "country=MA", ["centre_a"], ["centre_b"]),
    ("centres", lambda w: f"locality={w.ksarzed.slug}", ["centre_a"], ["centre_b"]),
    ("centres", lambda w: "kind=safe-space", ["centre_b"], ["centre_a"]),  # a service offered
    ("centres", lambda w: "audience=refugees", ["centre_a"], ["centre_b"]),
    ("centres", lambda w: "q=welcome", ["centre_a"], ["centre_b"]),
    ("organisations", lambda w: "country=TR", ["org_b"], ["org_a"]),
    ("organisations", lambda w: f"locality={w.ksarzed.slug}", ["org_a"], ["org_b"]),
    ("organisations", lambda w: "kind=cooperative", ["org_b"], ["org_a"]),
    ("organisations", lambda w: "q=weavers", ["org_b"], ["org_a"]),
    ("initiatives", lambda w: "country=MA", ["initiative_a"], ["initiative_b"]),
    ("initiatives", lambda w: f"locality={w.florabad.slug}", ["initiative_b"], ["initiative_a"]),
    ("initiatives", lambda w: "theme=heritage", ["initiative_b"], ["initiative_a"]),
    ("initiatives", lambda w: "audience=refugees", ["initiative_a"], ["initiative_b"]),
    ("initiatives", lambda w: "q=football", ["initiative_a"], ["initiative_b"]),
    ("initiatives", lambda w: "q=football&theme=youth&country=MA&sort=name", ["initiative_a"], ["initiative_b"]),
    ("programmes", lambda w: "country=MA", ["programme_a"], ["programme_b"]),
    ("programmes", lambda w: f"locality={w.florabad.slug}", ["programme_b"], ["programme_a"]),
    ("programmes", lambda w: "theme=youth", ["programme_a"], ["programme_b"]),
    ("programmes", lambda w: "q=loom", ["programme_b"], ["programme_a"]),
    ("partnerships", lambda w: "country=MA", ["partnership_a"], ["partnership_b"]),  # via the council party
    ("partnerships", lambda w: "country=TR", ["partnership_a", "partnership_b"], []),  # org and country parties
    ("partnerships", lambda w: f"locality={w.ksarzed.slug}", ["partnership_a"], ["partnership_b"]),
    ("partnerships", lambda w: "theme=youth", ["partnership_a"], ["partnership_b"]),  # via its initiative
    ("partnerships", lambda w: "kind=knowledge_sharing", ["partnership_b"], ["partnership_a"]),
    ("partnerships", lambda w: "q=exchange", ["partnership_b"], ["partnership_a"]),
]


@pytest.mark.parametrize(("path", "query", "expected", "unexpected"), FILTERS)
def test_each_filter_narrows_its_list(client, world, path, query, expected, unexpected):
    response = client.get(f"/{path}?{query(world)}")
    assert response.status_code == 200
    page = text(response)
    for name in expected:
        assert name_of(getattr(world, name)) in page
    for name in unexpected:
        assert name_of(getattr(world, name)) not in page
    assert "We ignored part of your request" not in page


def test_an_active_filter_is_shown_with_a_link_that_removes_it(client, world):
    page = text(client.get("/initiatives?theme=heritage&country=TR"))
    assert "Theme: Heritage" in page
    assert 'href="/initiatives?country=TR"' in page  # remove the theme, keep the country
    assert 'href="/initiatives?theme=heritage"' in page
    assert '<option value="heritage" selected>' in page


def test_sorting_by_name_orders_the_cards(client, world, make, db):
    make.initiative("Aaa first Ksarzed plan", in_council=world.council_a, lead=world.org_a)
    make.initiative("Zzz last Ksarzed plan", in_council=world.council_a, lead=world.org_a)
    db.commit()
    page = text(client.get("/initiatives?q=Ksarzed&sort=name"))
    assert page.index("Aaa first Ksarzed plan") < page.index("Ksarzed youth football") < page.index("Zzz last")


# a bad query string value, and what the page says about it
BAD_VALUES = [
    ("country=%27%3B%20DROP%20TABLE%20initiatives%3B%20--", "not one of the values we know"),
    ("theme=%27%3B%20DROP%20TABLE%20initiatives%3B%20--", None),  # lists without themes ignore it too
    ("locality=no-such-place", None),
    ("kind=%3Cscript%3Ealert(1)%3C%2Fscript%3E", None),
    ("audience=%00", None),
    ("sort=id%3B%20DROP%20TABLE%20initiatives", "cannot be sorted this way"),
    ("page=-3", "could not use this page number"),
    ("page=abc", "could not use this page number"),
    ("page=99999999999999999999", "could not use this page number"),
    ("page=%C2%B2", "could not use this page number"),  # "²": a digit to str.isdigit, but not a number
    ("q=%27%3B%20DROP%20TABLE%20initiatives%3B%20--", None),
    ("q=%22", "no letters or digits"),
    ("q=*", "no letters or digits"),
    ("q=OR", None),
    ("q=NEAR%28a%20b%29%20AND%20%3A*%20%7C%20%21", None),
    ("q=" + "long" * 200, "only its beginning was used"),
    ("q=%D8%B4%D8%A8%D8%A7%D8%A8", None),  # Arabic
]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(("query", "notice"), BAD_VALUES)
def test_bad_values_are_ignored_calmly(client, world, db, path, query, notice):
    response = client.get(f"/{path}?{query}")
    assert response.status_code == 200
    assert "<script>alert" not in response.get_data(as_text=True)
    page = text(response)
    if notice:
        assert notice in page
    assert db.scalar(select(func.count()).select_from(Initiative)) >= 3  # the table is still there


@pytest.mark.parametrize("path", LISTS)
def test_a_page_past_the_end_is_a_calm_404_with_a_link_back(client, world, path):
    response = client.get(f"/{path}?page=10000&q=Ksarzed")
    assert response.status_code == 404
    page = text(response)
    assert "There is no page 10000" in page
    assert "Go to the last page" in page
    assert "q=Ksarzed" in page and "page=1" in page


def test_pages_past_the_limit_are_not_served(client, world, app):
    limit = app.config["MAX_PAGE"]
    response = client.get(f"/initiatives?page={limit + 1}")
    assert response.status_code == 404
    assert "There is no page" in text(response)


@pytest.fixture
def tiny_pages(app):
    """One result per page and two pages at most, so the limits show with three records."""
    saved = app.config["PAGE_SIZE"], app.config["MAX_PAGE"], app.config["SEARCH_BOUND"]
    app.config.update(PAGE_SIZE=1, MAX_PAGE=2, SEARCH_BOUND=2)
    yield
    app.config["PAGE_SIZE"], app.config["MAX_PAGE"], app.config["SEARCH_BOUND"] = saved


def test_counts_stop_at_the_last_page_we_serve(client, world, make, db, tiny_pages):
    for number in range(3):
        make.organisation(f"Qaryat group {number}", "MA")
    db.commit()
    first = text(client.get("/organisations?q=Qaryat"))
    assert "More than 2 results" in first
    assert "Page 1 of 2" in first
    deep = client.get("/organisations?q=Qaryat&page=3")
    assert deep.status_code == 404
    assert "We show at most 2 pages" in text(deep)
    assert 'href="/organisations?q=Qaryat&page=2"' in text(deep)


def test_lists_paginate(client, world, make, app, db):
    per_page = app.config["PAGE_SIZE"]
    for number in range(per_page + 1):
        make.organisation(f"Paginated Qurbaza Group {number:02d}", "MA")
    db.commit()
    first = text(client.get("/organisations?q=Qurbaza&sort=name"))
    second = text(client.get("/organisations?q=Qurbaza&sort=name&page=2"))
    assert "Page 1 of 2" in first and "Paginated Qurbaza Group 00" in first
    assert "Paginated Qurbaza Group 20" in second and "Paginated Qurbaza Group 00" not in second
    assert 'rel="next" href="/organisations?q=Qurbaza&sort=name&page=2"' in first


def test_a_filter_a_list_does_not_have_is_named_as_ignored(client, world):
    page = text(client.get("/councils?theme=youth"))
    assert "cannot be filtered this way" in page
    assert name_of(world.council_a) in page


def test_the_search_index_still_answers_after_hostile_queries(client, world, db):
    client.get("/initiatives?q=%27%3B%20DROP%20TABLE%20search_entries%3B%20--")
    assert db.scalar(select(func.count()).select_from(SearchEntry)) > 0
    assert "Ksarzed youth football" in text(client.get("/initiatives?q=football"))
