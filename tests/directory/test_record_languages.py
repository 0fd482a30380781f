"""Records in several languages: shown in the reader's, else as written (and marked so), searched in all of them,
and edited one language at a time."""
from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from sqlalchemy import select

from planner.audit.models import AuditEvent
from planner.directory.search import matching_record_ids
from planner.volunteering import series as series_rules
from planner.volunteering.models import Shift

WATER_AR = "سقاية الحيّ بالماء"  # "watering the neighbourhood": an Arabic-only title, with a shadda


def _again(db, record):
    """The record as the database holds it now (requests end the test's session)."""
    return db.get(type(record), record.id)


def _found(db, query: str, kind: str) -> set[int]:
    return set(db.scalars(matching_record_ids(query, kind)))


def test_a_record_with_only_an_arabic_title_is_found_in_arabic_and_marked_on_an_english_page(db, client, make):
    initiative = make.initiative(title=WATER_AR, summary="تعبئة خزانات المياه للأسر", original_language="ar")
    for typed in ("سقاية", "السقاية", "الحي", "بالماء"):
        assert initiative.id in _found(db, typed, "initiative"), typed
    page = client.get(f"/initiatives/{initiative.slug}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f'<span lang="ar">{WATER_AR}</span>' in page
    assert "shown in Arabic, the language it was written in; there is no English version yet" in page
    listing = client.get("/initiatives?q=سقاية", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f'<span lang="ar">{WATER_AR}</span>' in listing


def test_a_reader_sees_their_language_and_a_word_of_any_language_finds_the_record(db, client, make):
    council = make.council(name="Marrakesh Medina Council", translations={
        "ar": {"name": "مجلس المدينة العتيقة"},
        "fr": {"name": "Conseil de la médina", "mandate": "Veille sur la médina."},
    })
    french = client.get(f"/councils/{council.slug}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "<h1><bdi>Conseil de la médina</bdi></h1>" in french and "Veille sur la médina." in french
    assert 'lang="ar" dir="auto">مجلس المدينة العتيقة</span>' in french  # its other names, each marked
    arabic = client.get(f"/councils/{council.slug}", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert "<h1><bdi>مجلس المدينة العتيقة</bdi></h1>" in arabic
    assert "لا توجد" in arabic or "original-note" in arabic  # the mandate falls back to English, and says so
    for typed in ("Conseil", "medina", "مجلس", "العتيقه"):
        assert council.id in _found(db, typed, "council"), typed


def test_an_editor_gives_the_text_in_french_and_corrects_it(db, client, login, make):
    organisation = make.organisation(name="Atlas Weavers", country_code="MA")
    initiative = make.initiative(title="Dye garden", lead=organisation)
    login(make.coordinator(of=organisation))
    record_page = client.get(f"/initiatives/{initiative.slug}").get_data(as_text=True)
    assert f'href="/languages/initiative/{initiative.id}"' in record_page  # linked from the record for its editors
    page = client.get(f"/languages/initiative/{initiative.id}")
    assert page.status_code == 200 and 'lang="fr"' in page.get_data(as_text=True)
    response = client.post(f"/languages/initiative/{initiative.id}", data={
        "original_language": "en", "fr__title": "  Jardin de teinture ", "fr__summary": "Des plantes pour teindre.",
        "ar__title": "حديقة الأصباغ",
    })
    assert response.status_code == 302
    initiative = _again(db, initiative)
    assert initiative.translations == {"fr": {"title": "Jardin de teinture", "summary": "Des plantes pour teindre."},
                                       "ar": {"title": "حديقة الأصباغ"}}
    assert initiative.title == "Dye garden"  # the original is untouched
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "record.languages")).one()
    assert event.record_id == initiative.id
    assert initiative.id in _found(db, "teinture", "initiative")
    client.post(f"/languages/initiative/{initiative.id}", data={"original_language": "en", "fr__title": "",
                                                                "fr__summary": "", "ar__title": "حديقة الأصباغ"})
    initiative = _again(db, initiative)
    assert initiative.translations == {"ar": {"title": "حديقة الأصباغ"}}  # emptied: the French version is gone


def test_saying_a_record_was_written_in_another_language_swaps_its_texts(db, client, login, make):
    organisation = make.organisation(name="Atlas Weavers", country_code="MA")
    initiative = make.initiative(title="Dye garden", summary="Plants for dyeing.", lead=organisation)
    login(make.coordinator(of=organisation))
    refused = client.post(f"/languages/initiative/{initiative.id}", data={"original_language": "fr"})
    assert refused.status_code == 422 and "Give the text in that language first" in refused.get_data(as_text=True)
    initiative = _again(db, initiative)
    assert initiative.original_language == "en" and initiative.translations == {}
    client.post(f"/languages/initiative/{initiative.id}", data={"original_language": "fr",
                                                                "fr__title": "Jardin de teinture"})
    initiative = _again(db, initiative)
    assert (initiative.original_language, initiative.title, initiative.summary) == ("fr", "Jardin de teinture",
                                                                                     "Plants for dyeing.")
    assert initiative.translations == {"en": {"title": "Dye garden", "summary": "Plants for dyeing."}}


def test_only_those_who_may_change_the_text_may_translate_it(client, login, make):
    initiative = make.initiative(title="Dye garden")
    assert "/languages/" not in client.get(f"/initiatives/{initiative.slug}").get_data(as_text=True)
    assert client.get(f"/languages/initiative/{initiative.id}").status_code == 302  # to the login page
    login(make.user())
    assert client.get(f"/languages/initiative/{initiative.id}").status_code == 404
    assert client.post(f"/languages/initiative/{initiative.id}", data={"fr__title": "X"}).status_code == 404
    assert client.get(f"/languages/nothing/{initiative.id}").status_code == 404


def test_a_budget_requests_line_items_are_translated_with_it(db, client, login, make):
    request = make.budget_request()
    item = request.versions[-1].items[0]
    login(make.coordinator(of=request.organisation))
    response = client.post(f"/languages/request/{request.id}", data={
        "original_language": "en", "ar__title": "طلب تجريبي", f"ar__item{item.id}_description": "مواد",
    })
    assert response.status_code == 302
    item = _again(db, item)
    assert item.translations == {"ar": {"description": "مواد"}}


def test_the_api_answers_in_the_language_asked_and_lists_every_language(client, make):
    council = make.council(name="Zarqa Council", translations={"ar": {"name": "مجلس الزرقاء"}})
    body = client.get(f"/api/v1/councils/{council.slug}?lang=ar").get_json()["data"]
    assert body["name"] == "مجلس الزرقاء" and body["original_language"] == "en"
    assert body["text_languages"] == ["en", "ar"]
    assert body["translations"]["ar"] == {"name": "مجلس الزرقاء", "mandate": ""}
    assert body["name_local"] == "مجلس الزرقاء"
    plain = client.get(f"/api/v1/councils/{council.slug}").get_json()["data"]
    assert plain["name"] == "Zarqa Council"
    french = client.get(f"/api/v1/councils/{council.slug}?lang=fr").get_json()["data"]
    assert french["name"] == "Zarqa Council"  # no French name: the original
    refused = client.get("/api/v1/councils?lang=xx")
    assert refused.status_code == 400 and "lang" in refused.get_json()["message"]


def test_the_csv_has_a_column_per_language(client, make):
    council = make.council(name="Zarqa Council", translations={"ar": {"name": "مجلس الزرقاء"}})
    text = client.get("/councils.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = {row["Slug"]: row for row in csv.DictReader(io.StringIO(text))}
    row = rows[council.slug]
    assert row["Name (ar)"] == "مجلس الزرقاء" and row["Name (en)"] == "Zarqa Council"
    assert row["Name (fr)"] == "" and row["Original language"] == "en"


def test_a_series_gives_its_languages_to_the_shifts_it_has_still_to_run(db, client, clock, login, make):
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    organisation = make.organisation(name="Atlas Weavers", country_code="MA")
    programme = make.programme(owner=organisation)
    weekly = make.series(of=programme)
    series_rules.make_shifts(weekly, datetime(2027, 3, 1, 9, tzinfo=UTC))
    db.commit()
    login(make.coordinator(of=organisation))
    response = client.post(f"/languages/series/{weekly.id}", data={"original_language": "en",
                                                                   "fr__title": "Atelier du samedi"})
    assert response.status_code == 302
    shifts = db.scalars(select(Shift).where(Shift.series_id == weekly.id)).all()
    assert shifts and all(shift.translations == {"fr": {"title": "Atelier du samedi"}} for shift in shifts)
    page = client.get(f"/shifts/{shifts[0].id}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Atelier du samedi" in page
