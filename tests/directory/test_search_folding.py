"""Search finds words as people type them: Arabic marks, letter forms and the article; Turkish i; accents; other names."""
from __future__ import annotations

import pytest

from planner.directory.search import matching_record_ids
from planner.folding import fold, for_index, query_words


@pytest.fixture
def places(db, make):
    """Councils in Amman (عمّان, as seeded, with the shadda), Marrakesh, Beyoğlu and Zarqa."""
    found = {}
    for key, name, local, other, country in (
        ("amman", "Amman", "عمّان", [], "JO"), ("marrakesh", "Marrakesh", "مراكش", ["Marrakech"], "MA"),
        ("beyoglu", "Beyoğlu, Istanbul", "Beyoğlu", [], "TR"), ("zarqa", "Zarqa", "الزرقاء", [], "JO"),
    ):
        place = make.locality(f"{name} (test)", country_code=country)
        place.name_local, place.other_names = local, other
        db.flush()
        found[key] = make.council(name=f"{key.title()} Neighbourhood Council", place=place)
    return found


def _found(db, query: str) -> set[int]:
    return set(db.scalars(matching_record_ids(query, "council")))


@pytest.mark.parametrize("typed", ["عمان", "عمّان", "العمان", "Amman", "AMMAN", "عما"])
def test_amman_is_found_however_it_is_typed(db, places, typed):
    found = _found(db, typed)
    assert places["amman"].id in found
    assert places["zarqa"].id not in found and places["marrakesh"].id not in found


@pytest.mark.parametrize("typed", ["Marrakech", "مراكش", "marrakesh", "Marrak"])
def test_marrakesh_is_found_by_its_other_names(db, places, typed):
    assert _found(db, typed) & {c.id for c in places.values()} == {places["marrakesh"].id}


@pytest.mark.parametrize("typed", ["Beyoglu", "beyoğlu", "BEYOĞLU", "İstanbul", "ISTANBUL", "ıstanbul"])
def test_turkish_letters_and_accents_fold(db, places, typed):
    assert _found(db, typed) & {c.id for c in places.values()} == {places["beyoglu"].id}


def test_an_arabic_word_is_found_with_or_without_its_article(db, make):
    council = make.council(name="مجلس الشباب في الحي", place=make.locality("Irbid (test)"))
    for typed in ("الشباب", "شباب", "والشباب", "للشباب", "الحي", "حي"):
        assert council.id in _found(db, typed), typed


def test_the_site_search_page_finds_amman_written_without_the_shadda(client, places):
    page = client.get("/search", query_string={"q": "عمان"}).get_data(as_text=True)
    assert "Amman Neighbourhood Council" in page and "Zarqa Neighbourhood Council" not in page


def test_folding_rules():
    assert fold("أإآٱا") == "ااااا" and fold("مدرسة") == "مدرسه" and fold("مستشفى") == "مستشفي"
    assert fold("عـــمّان") == "عمان"  # tatweel and shadda
    assert fold("Beyoğlu Çarşı") == "beyoglu carsi" and fold("İIıi") == "iiii"
    assert for_index("الزرقاء") == "الزرقاء زرقاء"
    assert query_words("العمان!! & OR NEAR", 8) == ["عمان", "or", "near"]


@pytest.mark.parametrize("typed", ["2030", "٢٠٣٠", "۲۰۳۰"])
def test_numbers_are_found_in_any_script_of_digits(db, make, typed):
    """Arabic-Indic (٠–٩) and Persian (۰–۹) digits are the digits 0–9, in the records as in the search box."""
    written_in_arabic = make.council(name="مجلس رؤية ٢٠٣٠", place=make.locality("Jerash (test)"))
    written_in_latin = make.council(name="Vision 2030 Council", place=make.locality("Madaba (test)"))
    other_year = make.council(name="Vision 2031 Council", place=make.locality("Ajloun (test)"))
    found = _found(db, typed)
    assert {written_in_arabic.id, written_in_latin.id} <= found and other_year.id not in found
    assert fold("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹") == "0123456789 0123456789"
