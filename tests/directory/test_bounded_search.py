"""A search scores and counts a bounded set of candidates, title matches first, and matches its words once."""
from __future__ import annotations

import html
import re

import pytest

from tests.conftest import statements_sent


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def bound_of_three(app):
    """A search bound of three matches per kind, so that four records pass it."""
    saved = app.config["SEARCH_BOUND"]
    app.config["SEARCH_BOUND"] = 3
    yield
    app.config["SEARCH_BOUND"] = saved


@pytest.fixture
def tamarisk(make, db, world):
    """Five organisations that mention "tamarisk" in their summary only, then one named for it, made last."""
    for number in range(5):
        make.organisation(f"Neighbours' circle {number}", "MA", summary="We plant tamarisk hedges.")
    named = make.organisation("Tamarisk Growers", "MA")
    make.council("Tamarisk Majlis")
    db.commit()
    return named


def test_past_the_bound_the_counts_say_more_than(client, tamarisk, bound_of_three):
    page = text(client.get("/search?q=tamarisk"))
    assert "More than 4 records found" in page  # three organisations counted, and one council
    assert "Organisations: more than 3" in page
    assert "Councils: 1" in page
    listed = text(client.get("/organisations?q=tamarisk"))
    assert "More than 3 results" in listed


def test_a_record_with_every_word_in_its_title_is_among_the_candidates(client, tamarisk, bound_of_three):
    for address in ("/search?q=tamarisk&kind=organisation", "/organisations?q=tamarisk"):
        page = text(client.get(address))
        assert page.index("Tamarisk Growers") < page.index("Neighbours' circle"), address
    newest_first = text(client.get("/organisations?q=tamarisk&sort=name"))
    assert "Tamarisk Growers" in newest_first


def test_under_the_bound_the_counts_are_exact(client, tamarisk):
    page = text(client.get("/search?q=tamarisk"))
    assert "7 records found" in page and "Organisations: 6" in page
    assert "6 results" in text(client.get("/organisations?q=tamarisk"))


def test_search_and_list_match_the_words_in_one_statement(app, client, tamarisk):
    client.get("/search?q=tamarisk")  # the vocabularies and filters are cached after this
    client.get("/organisations?q=tamarisk")
    for address in ("/search?q=tamarisk", "/search?q=tamarisk&kind=organisation", "/organisations?q=tamarisk"):
        with statements_sent(app) as sent:
            assert client.get(address).status_code == 200
        matching = [statement for statement in sent if re.search(r"\bMATCH\b|@@", statement)]
        assert len(matching) == 1, address
