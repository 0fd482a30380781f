"""Vocabularies and countries in the reader's language, and found in any of them."""
from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import pytest

from planner.directory.search import matching_record_ids
from planner.vocab.models import Theme


@pytest.fixture(autouse=True)
def youth(db):
    """The youth theme, named here in every language (whatever the seeds call it)."""
    theme = db.get(Theme, "youth")
    theme.name, theme.names = "Youth", {"ar": "الشباب", "fr": "Jeunesse", "tr": "Gençlik"}
    db.flush()
    return theme


def _page(client, address: str, language: str) -> str:
    """The page as a reader of this language gets it."""
    return client.get(address, headers={"Accept-Language": language}).get_data(as_text=True)


def _found(db, query: str, kind: str) -> set[int]:
    return set(db.scalars(matching_record_ids(query, kind)))


def test_an_arabic_page_names_the_theme_and_the_country_in_arabic(client, make):
    organisation = make.organisation(name="Atlas Weavers", country_code="MA")
    initiative = make.initiative(title="Dye garden", lead=organisation, theme_key="youth")
    english = client.get(f"/initiatives/{initiative.slug}").get_data(as_text=True)
    arabic = client.get(f"/initiatives/{initiative.slug}", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert "<bdi>Youth</bdi>" in english and "<bdi>الشباب</bdi>" in arabic
    french = client.get(f"/organisations/{organisation.slug}", headers={"Accept-Language": "fr"})
    assert "<bdi>Maroc</bdi>" in french.get_data(as_text=True)


def test_a_theme_or_a_country_in_any_language_finds_the_record(db, make):
    organisation = make.organisation(name="Atlas Weavers", country_code="MA")
    initiative = make.initiative(title="Dye garden", lead=organisation, theme_key="youth")
    for typed in ("Gençlik", "genclik", "Jeunesse", "شباب"):
        assert initiative.id in _found(db, typed, "initiative"), typed
    for typed in ("Maroc", "المغرب", "Fas", "Morocco"):
        assert organisation.id in _found(db, typed, "organisation"), typed


def test_the_theme_filter_lists_names_in_the_readers_language(client):
    page = client.get("/initiatives", headers={"Accept-Language": "tr"}).get_data(as_text=True)
    assert ">Gençlik<" in page and ">Youth<" not in page


def test_a_place_is_named_in_its_own_language_for_readers_of_that_language(db, client, clock, make):
    """Amman is عمّان to an Arabic reader and İstanbul's Beyoğlu keeps its name for a Turkish one; a reader of
    another language reads the English name."""
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    amman = make.locality("Amman (named)", country_code="JO")
    amman.name_local = "عمّان"
    marseille = make.locality("Marseilles (named)", country_code="FR", timezone="Europe/Paris")
    marseille.name_local = "Marseille"
    db.flush()
    shift = make.shift(place=amman, title="Sorting kits", starts_at=datetime(2027, 3, 13, 7, tzinfo=UTC))
    initiative = make.initiative(title="Dye garden", in_council=make.council(place=amman))
    db.commit()

    page = partial(_page, client)
    assert "<bdi>عمّان</bdi>" in page(f"/shifts/{shift.id}", "ar")
    assert "<bdi>Amman (named)</bdi>" in page(f"/shifts/{shift.id}", "fr")
    assert '<option value="' + amman.slug + '">عمّان</option>' in page("/shifts", "ar")  # the place filter
    assert "<bdi>عمّان</bdi>" in page(f"/initiatives/{initiative.slug}", "ar")
    assert "<bdi>Amman (named)</bdi>" in page(f"/initiatives/{initiative.slug}", "en")
    listed = page("/initiatives", "ar")
    assert "عمّان" in listed and ">عمّان</option>" in listed
    assert "Marseille<" in page("/initiatives", "fr") and "Marseilles (named)<" in page("/initiatives", "ar")


def test_a_place_is_named_in_the_readers_language_where_the_records_give_that_name(db, client, clock, make):
    """An Arabic reader reads إسطنبول, a French one Marrakech; a language with no name of its own falls back to the
    local name for the country's readers and the English name for the others."""
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    istanbul = make.locality("Istanbul (named)", country_code="TR", timezone="Europe/Istanbul")
    istanbul.name_local, istanbul.names = "İstanbul (adı)", {"ar": "إسطنبول"}
    marrakesh = make.locality("Marrakesh (named)", country_code="MA", timezone="Africa/Casablanca")
    marrakesh.name_local, marrakesh.names = "مراكش", {"fr": "Marrakech"}
    db.flush()
    shift = make.shift(place=istanbul, title="Sorting kits", starts_at=datetime(2027, 3, 13, 7, tzinfo=UTC))
    make.shift(place=marrakesh, title="Planting", starts_at=datetime(2027, 3, 14, 7, tzinfo=UTC))
    initiative = make.initiative(title="Dye garden", in_council=make.council(place=marrakesh))
    db.commit()

    page = partial(_page, client)
    assert "<bdi>إسطنبول</bdi>" in page(f"/shifts/{shift.id}", "ar")
    assert "<bdi>İstanbul (adı)</bdi>" in page(f"/shifts/{shift.id}", "tr")
    assert "<bdi>Istanbul (named)</bdi>" in page(f"/shifts/{shift.id}", "fr")
    assert '<option value="' + istanbul.slug + '">إسطنبول</option>' in page("/shifts", "ar")
    assert '<option value="' + marrakesh.slug + '">Marrakech</option>' in page("/shifts", "fr")
    assert "<bdi>Marrakech</bdi>" in page(f"/initiatives/{initiative.slug}", "fr")
    assert "<bdi>مراكش</bdi>" in page(f"/initiatives/{initiative.slug}", "ar")
    assert "<bdi>Marrakesh (named)</bdi>" in page(f"/initiatives/{initiative.slug}", "en")
    assert ">Marrakech</option>" in page("/initiatives", "fr")  # the directory's place filter


def test_a_place_is_found_by_its_name_in_any_language(db, make):
    place = make.locality("Shenzhen (named)", country_code="CN", timezone="Asia/Shanghai")
    place.names = {"ar": "شنجن", "tr": "Şenzen"}
    db.flush()
    council = make.council(name="Harbour council", place=place)
    for typed in ("شنجن", "Senzen", "şenzen"):
        assert council.id in _found(db, typed, "council"), typed
