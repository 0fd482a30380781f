"""A record's text changed on its own form while its other languages were not: those were written for the earlier
text, so readers get the new original until a translator gives them again, starting from the earlier translation
that the languages page shows beside its box."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from planner.initiatives.models import Initiative, InitiativeStatus
from planner.volunteering.models import Shift
from tests.records.editing import changed, form_as_shown

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def test_a_changed_summary_is_shown_as_written_until_it_is_translated_again(db, client, login, clock, make):
    clock.set(NOW)
    organisation = make.organisation(name="Atlas Weavers", country_code="MA")
    initiative = make.initiative(title="Dye garden", summary="Plants for dyeing, grown by the school.",
                                 lead=organisation, status=InitiativeStatus.DRAFT, translations={"fr": {
                                     "title": "Jardin de teinture", "summary": "Des plantes cultivées par l’école."}})
    db.commit()
    login(make.coordinator(of=organisation))
    path = f"/initiatives/{initiative.slug}/edit"

    saved = client.post(path, data=changed(form_as_shown(client, path),
                                           summary="Plants for dyeing, grown by the whole village."))

    assert saved.status_code == 302
    french = client.get(f"/initiatives/{initiative.slug}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Jardin de teinture" in french  # the title did not change: its French still stands
    assert "grown by the whole village" in french and "cultivées par l’école" not in french
    own_page = client.get(f"/initiatives/{initiative.slug}").get_data(as_text=True)
    assert "Its text changed after it was translated into French: those versions are not shown" in own_page
    languages = client.get(f"/languages/initiative/{initiative.id}").get_data(as_text=True)
    assert "Written for an earlier original, and no longer shown:" in languages
    assert "<bdi>Des plantes cultivées par l’école.</bdi>" in languages

    client.post(f"/languages/initiative/{initiative.id}", data={
        "original_language": "en", "fr__title": "Jardin de teinture",
        "fr__summary": "Des plantes cultivées par tout le village."})

    french = client.get(f"/initiatives/{initiative.slug}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "cultivées par tout le village" in french and "Its text changed" not in client.get(
        f"/initiatives/{initiative.slug}").get_data(as_text=True)
    assert "Written for an earlier original" not in client.get(
        f"/languages/initiative/{initiative.id}").get_data(as_text=True)
    assert db.get(Initiative, initiative.id).translations == {"fr": {
        "title": "Jardin de teinture", "summary": "Des plantes cultivées par tout le village."}}


def test_new_words_for_volunteers_are_not_followed_by_the_old_french_ones(db, client, login, clock, make):
    clock.set(NOW)
    programme = make.programme()
    shift = make.shift(of=programme, starts_at=NOW + timedelta(days=5), title="Clean-up",
                       instructions="Meet at the north gate.",
                       translations={"fr": {"title": "Nettoyage", "instructions": "Rendez-vous à la porte nord."}})
    db.commit()
    login(make.coordinator(of=programme.organisation))
    path = f"/shifts/{shift.id}/edit"

    client.post(path, data=changed(form_as_shown(client, path), instructions="Meet at the south gate."))

    french = client.get(f"/shifts/{shift.id}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Nettoyage" in french and "Meet at the south gate." in french and "porte nord" not in french


def test_a_text_given_with_its_languages_at_once_keeps_them(db, make):
    council = make.council(name="Zarqa Council", translations={"ar": {"name": "مجلس الزرقاء"}})
    db.commit()

    council.name, council.translations = "Zarqa City Council", {"ar": {"name": "مجلس مدينة الزرقاء"}}  # as seeds do
    db.commit()
    assert council.translations == {"ar": {"name": "مجلس مدينة الزرقاء"}}

    council.mandate = "Runs the city's services."  # a field with no other language: nothing to set aside
    db.commit()
    assert council.translations == {"ar": {"name": "مجلس مدينة الزرقاء"}}


def test_saying_the_record_is_in_another_language_keeps_no_outdated_text_for_it(db, client, login, clock, make):
    clock.set(NOW)
    shift = make.shift(starts_at=NOW + timedelta(days=5), title="Clean-up",
                       translations={"fr": {"title": "Nettoyage", "place": "Porte nord"}})
    shift.place = "North gate"
    db.commit()
    shift.place = "South gate"
    db.commit()
    assert shift.translations == {"fr": {"title": "Nettoyage"}, "@outdated": {"fr": {"place": "Porte nord"}}}
    login(make.coordinator(of=shift.programme.organisation))

    client.post(f"/languages/shift/{shift.id}", data={"original_language": "fr", "fr__title": "Nettoyage",
                                                      "fr__place": "", "fr__instructions": ""})

    shift = db.get(Shift, shift.id)
    assert (shift.original_language, shift.title, shift.place) == ("fr", "Nettoyage", "South gate")
    assert shift.translations == {"en": {"title": "Clean-up", "place": "South gate"}}
