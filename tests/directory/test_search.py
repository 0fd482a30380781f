"""/search: across every kind, ranked, labelled, counted per kind, filtered, paginated, and calm."""
from __future__ import annotations

import html

import pytest
from sqlalchemy import func, select

from planner.directory.models import SearchEntry
from planner.initiatives.models import Initiative, InitiativeStatus
from tests.directory import seeded


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_search_finds_every_kind_by_a_place_name(client, world):
    response = client.get("/search?q=Ksarzed")
    assert response.status_code == 200
    page = text(response)
    for name in ("Ksarzed Majlis", "Ksarzed Welcome House", "Ksarzed Friends", "Ksarzed youth football",
                 "Ksarzed coaches", "Ksarzed and Florabad twinning"):
        assert name in page
    for label in ("Councils: 1", "Community centres: 1", "Organisations: 1", "Initiatives: 1",
                  "Volunteer programmes: 1", "Partnerships: 1"):
        assert label in page  # the count per kind
    assert "6 records found" in page


def test_search_hides_drafts_and_archived_records(client, world):
    page = text(client.get("/search?q=Ksarzed"))
    for hidden in ("Ksarzed secret draft", "Ksarzed draft helpers", "Ksarzed Old Majlis", "Ksarzed Closed Hall",
                   "Ksarzed Gone", "Ksarzed ended pact"):
        assert hidden not in page


def test_a_word_prefix_is_enough(client, world):
    assert "Ksarzed Majlis" in text(client.get("/search?q=ksarz"))


def test_every_word_must_match(client, world):
    page = text(client.get("/search?q=Ksarzed+football"))
    assert "Ksarzed youth football" in page
    assert "Ksarzed Majlis" not in page


@pytest.mark.parametrize(("query", "shown", "not_shown"), [
    ("q=Ksarzed&kind=initiative", "Ksarzed youth football", "Ksarzed Majlis"),
    ("q=initiative&country=TR", "Florabad carpet heritage", "Ksarzed youth football"),
    ("q=initiative&theme=youth", "Ksarzed youth football", "Florabad carpet heritage"),
])
def test_search_filters_by_kind_country_and_theme(client, world, query, shown, not_shown):
    page = text(client.get(f"/search?{query}"))
    assert shown in page
    assert not_shown not in page


def test_search_by_place_filter(client, world):
    page = text(client.get(f"/search?q=Florabad&locality={world.florabad.slug}"))
    assert "Florabad Women's Hall" in page
    assert "Ksarzed and Florabad twinning" not in page  # partnerships have no single place


def test_the_kind_filter_keeps_the_counts_of_the_other_kinds(client, world):
    page = text(client.get("/search?q=Ksarzed&kind=council"))
    assert "Ksarzed Majlis" in page
    assert "Ksarzed Welcome House" not in page
    assert "Community centres: 1" in page  # a link to switch kind
    assert "All kinds" in page


def test_results_link_to_the_detail_pages_and_are_labelled(client, world):
    page = text(client.get("/search?q=football"))
    assert f'href="/initiatives/{world.initiative_a.slug}"' in page
    assert 'class="tag kind-initiative">Initiative<' in page


def test_an_empty_search_is_a_helpful_page(client, world):
    response = client.get("/search")
    assert response.status_code == 200
    page = text(response)
    assert "How to search" in page
    assert 'href="/councils"' in page


def test_nothing_found_says_so(client, world):
    page = text(client.get("/search?q=zzqqxxnothing"))
    assert "Nothing matches" in page


def test_search_paginates_and_a_page_past_the_end_is_a_calm_404(client, world, make, db, app):
    for number in range(app.config["PAGE_SIZE"] + 2):
        make.organisation(f"Yandrawi Society {number}", "MA")
    db.commit()
    first = text(client.get("/search?q=Yandrawi"))
    assert "Page 1 of 2" in first
    assert "Yandrawi Society" in text(client.get("/search?q=Yandrawi&page=2"))
    beyond = client.get("/search?q=Yandrawi&page=10000")
    assert beyond.status_code == 404
    assert "There is no page 10000" in text(beyond)


HOSTILE = ["'; DROP TABLE search_entries; --", '"', "*", "OR", "AND OR NOT", "NEAR(a b)", "title:x", "a:*",
           "x" * 5000, "مراكش", "شباب لاجئين", "\u202e\u200f", "%", "_", "\\", "(((", "' OR 1=1 --", "<b>bold</b>"]


@pytest.mark.parametrize("words", HOSTILE)
def test_hostile_or_odd_queries_answer_calmly(client, world, db, words):
    response = client.get("/search", query_string={"q": words, "country": "'; DROP TABLE countries; --"})
    assert response.status_code == 200
    assert "<b>bold</b>" not in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(SearchEntry)) > 0
    assert db.scalar(select(func.count()).select_from(Initiative)) > 0


def test_a_filter_search_cannot_use_is_named_as_ignored(client, world):
    page = text(client.get("/search?q=Ksarzed&audience=refugees"))
    assert "cannot be filtered this way" in page


def test_a_new_record_is_found_with_its_place_at_once(client, world, make, db):
    """The index row of a just-created record carries its place, so country filters find it."""
    make.council("Brand new Vellamo council", place=world.ksarzed)
    db.commit()
    page = text(client.get("/search?q=Vellamo&country=MA"))
    assert "Brand new Vellamo council" in page


def test_publishing_an_initiative_makes_its_programme_searchable(client, world, db):
    assert "Ksarzed draft helpers" not in text(client.get("/search?q=helpers"))
    db.get(Initiative, world.draft.id).status = InitiativeStatus.PUBLISHED
    db.commit()
    assert "Ksarzed draft helpers" in text(client.get("/search?q=helpers"))


# --- records as the seeds describe them (built from their seed entries in the test's transaction) -------

# words, kind, seeded key that must be found
SEEDED_FINDS = [
    ("Marrakesh", "council", "marrakesh-city"),
    ("Marrakesh", "centre", "marrakesh-migrant-welcome-centre"),
    ("Marrakesh", "initiative", "marrakesh-migrant-welcome"),
    ("Marrakesh", "organisation", "marrakesh-migrant-aid"),
    ("youth", "initiative", "marrakesh-youth-civic-apprenticeship"),
    ("youth", "centre", "zarqa-youth-centre"),
    ("refugees", "initiative", "zarqa-refugee-welcome-circles"),
    ("refugees", "centre", "marrakesh-migrant-welcome-centre"),
]


@pytest.mark.parametrize(("words", "kind", "key"), SEEDED_FINDS)
def test_search_finds_the_seeded_records(client, db, words, kind, key):
    record = seeded.record(kind, key)
    db.commit()
    response = client.get("/search", query_string={"q": words, "kind": kind})
    assert response.status_code == 200
    page = text(response)
    name = getattr(record, "title", None) or record.name
    assert name in page
    assert f'href="/{kind}s/{key}"' in page


def test_search_for_refugees_leaves_out_the_seeded_draft(client, db):
    seeded.record("initiative", "zarqa-refugee-welcome-circles")
    draft = seeded.record("initiative", "beyoglu-refugee-neighbour-evenings")
    db.commit()
    page = text(client.get("/search?q=refugees&kind=initiative"))
    assert "Shared kitchen: refugees and Zarqa neighbours cook together" in page
    assert draft.title not in page


def test_each_seeded_search_word_finds_something_of_several_kinds(client, db):
    for kind, key in (("council", "marrakesh-city"), ("centre", "marrakesh-migrant-welcome-centre"),
                      ("initiative", "marrakesh-youth-civic-apprenticeship"), ("centre", "zarqa-youth-centre"),
                      ("initiative", "zarqa-refugee-welcome-circles")):
        seeded.record(kind, key)
    db.commit()
    for words in ("Marrakesh", "youth", "refugees"):
        page = text(client.get("/search", query_string={"q": words}))
        assert "Initiatives:" in page and "Community centres:" in page, words
