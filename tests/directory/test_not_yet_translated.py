"""The list of texts never translated: the records a translator may translate with some text that their original
gives and a chosen language never had, one kind at a time, in the reader's own language unless they choose another."""
from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from planner.accounts.models import Role
from planner.budgets.models import LineItem, RequestVersion
from planner.initiatives.models import InitiativeStatus

NOW = datetime(2027, 5, 3, 8, 0, tzinfo=UTC)


def _page(client, address: str) -> str:
    return html.unescape(client.get(address).get_data(as_text=True))


def test_a_coordinator_sees_their_records_missing_a_language_and_no_others(db, client, login, clock, make):
    clock.set(NOW)
    ours, theirs = make.organisation(name="Cedar Growers"), make.organisation(name="Olive Press")
    make.initiative(title="Roof garden", summary="Vegetables.", lead=ours,
                    translations={"fr": {"title": "Jardin sur le toit", "summary": "Des légumes."}})
    make.initiative(title="Seed library", summary="Seeds to borrow.", lead=ours,
                    translations={"fr": {"title": "Grainothèque"}})  # its summary never given in French
    make.initiative(title="Bee hives", summary="Honey.", lead=ours)
    make.initiative(title="Old orchard", summary="Closed.", lead=ours, status=InitiativeStatus.ARCHIVED)
    make.initiative(title="Jardin partagé", summary="Un jardin.", lead=ours, original_language="fr")
    rewritten = make.initiative(title="Compost corner", summary="Compost.", lead=ours,
                                translations={"fr": {"title": "Coin compost", "summary": "Du compost."}})
    make.initiative(title="Olive press", summary="A shared press.", lead=theirs)
    coordinator = make.coordinator(of=ours)
    db.commit()
    rewritten.summary = "Compost for the whole street."  # its French summary set aside: the other list's
    db.commit()

    login(coordinator)
    page = _page(client, "/languages/not-yet?language=fr&kind=initiative")
    assert "Bee hives" in page and "Seed library" in page and "2 records" in page
    for not_listed in ("Roof garden", "Old orchard", "Jardin partagé", "Compost corner", "Olive press"):
        assert not_listed not in page
    assert page.index("Bee hives") < page.index("Seed library")  # newest first
    assert "not yet in French: Summary" in page and "not yet in French: Title and Summary" in page
    assert "Compost corner" in _page(client, "/languages/to-translate")
    english = _page(client, "/languages/not-yet?language=en&kind=initiative")
    assert "Jardin partagé" in english and "1 record" in english


def test_shifts_that_follow_their_series_are_the_series_and_past_ones_are_left_out(db, client, login, clock, make):
    clock.set(NOW)
    ours = make.organisation()
    programme = make.programme(owner=ours)
    series = make.series(programme, title="Weekly sorting")
    make.shift(of=programme, series_id=series.id, title="Weekly sorting", starts_at=NOW + timedelta(days=7))
    make.shift(of=programme, title="Harvest day", starts_at=NOW + timedelta(days=3))
    make.shift(of=programme, title="Last spring's harvest", starts_at=NOW - timedelta(days=30))
    make.shift(of=programme, title="Packing", starts_at=NOW + timedelta(days=4),
               translations={"ar": {"title": "تعبئة"}})
    coordinator = make.coordinator(of=ours)
    db.commit()

    login(coordinator)
    shifts = _page(client, "/languages/not-yet?language=ar&kind=shift")
    assert "Harvest day" in shifts and "1 record" in shifts
    assert "Weekly sorting" not in shifts and "Last spring" not in shifts and "Packing" not in shifts
    assert "Weekly sorting" in _page(client, "/languages/not-yet?language=ar&kind=series")


def test_the_reader_s_own_language_is_the_first_asked_and_odd_choices_get_a_message(db, client, login, clock, make):
    clock.set(NOW)
    ours = make.organisation()
    make.initiative(title="Reading club", summary="Books.", lead=ours)
    coordinator = make.coordinator(of=ours, locale="ar")
    db.commit()

    login(coordinator)
    page = _page(client, "/languages/not-yet")
    assert '<option selected value="ar">' in page and "Reading club" in page
    refused = client.get("/languages/not-yet?language=xx&kind=initiative")
    assert refused.status_code == 400 and "Reading club" not in refused.get_data(as_text=True)
    assert client.get("/languages/not-yet?language=fr&kind=users").status_code == 400
    assert "/languages/not-yet" in _page(client, "/languages/to-translate")


def test_a_volunteer_may_translate_nothing_and_sees_nothing(db, client, login, clock, make):
    clock.set(NOW)
    make.initiative(title="Reading club", summary="Books.")
    volunteer = make.user()
    db.commit()

    assert client.get("/languages/not-yet").status_code == 302  # a visitor is sent to log in
    login(volunteer)
    page = _page(client, "/languages/not-yet?language=fr&kind=initiative")
    assert "Reading club" not in page and "There is no record of this kind that you may translate" in page
    assert "Every record" not in page


def test_an_administrator_of_a_site_with_no_records_yet_is_told_there_is_none(db, client, login, clock, make):
    clock.set(NOW)
    admin = make.user()
    make.grant(admin, Role.ADMIN)
    db.commit()

    login(admin)
    for kind in ("", "series", "request", "decision"):  # kinds with no "still in use" condition of their own
        response = client.get(f"/languages/not-yet?language=fr&kind={kind}")
        assert response.status_code == 200, kind
        assert "There is no record" in html.unescape(response.get_data(as_text=True)), kind


def test_a_translator_whose_records_are_all_translated_is_told_so(db, client, login, clock, make):
    clock.set(NOW)
    ours = make.organisation()
    make.initiative(title="Reading club", summary="Books.", lead=ours,
                    translations={"fr": {"title": "Club de lecture", "summary": "Des livres."}})
    coordinator = make.coordinator(of=ours)
    db.commit()

    login(coordinator)
    page = _page(client, "/languages/not-yet?language=fr&kind=initiative")
    assert "Every record of this kind you may translate has all its text in this language" in page
    assert "There is no record" not in page
    assert "There is no record of this kind that you may translate" in _page(
        client, "/languages/not-yet?language=fr&kind=council")


def test_a_budget_request_is_listed_for_a_line_of_its_latest_version_never_translated(db, client, login, clock,
                                                                                     make):
    clock.set(NOW)
    ours = make.organisation()
    garden = make.initiative(title="Roof garden", lead=ours)
    lines = [("staff", "Gardener (months)", "2", "400.00"), ("materials", "Seeds", "1", "50.00")]
    half = make.budget_request(garden, title="Seeds and a gardener", items=lines)
    half.translations = {"fr": {"title": "Graines et jardinier"}}
    half.versions[0].items[0].translations = {"fr": {"description": "Jardinier (mois)"}}
    whole = make.budget_request(garden, title="Tools", items=[("equipment", "Spades", "4", "20.00")])
    whole.translations = {"fr": {"title": "Outils"}}
    whole.versions[0].items[0].translations = {"fr": {"description": "Bêches"}}
    revised = make.budget_request(garden, title="Water", items=[("equipment", "Hose", "1", "30.00")])
    revised.translations = {"fr": {"title": "Eau"}}
    revised.versions.append(RequestVersion(number=2, justification="Longer hose.", total=Decimal("45.00"), items=[
        LineItem(position=1, category="equipment", description="Long hose", quantity=Decimal("1"),
                 unit_cost=Decimal("45.00"), amount=Decimal("45.00"), translations={"fr": {"description": "Tuyau"}})]))
    revised.version_number = 2  # its first version's hose was never in French: no longer its text
    coordinator = make.coordinator(of=ours)
    db.commit()

    login(coordinator)
    page = _page(client, "/languages/not-yet?language=fr&kind=request")
    assert "Seeds and a gardener" in page and "not yet in French: Line 2" in page and "1 record" in page
    assert "Tools" not in page and "Water" not in page


def test_every_kind_at_once_is_the_first_list_the_made_last_first(db, client, login, clock, make):
    clock.set(NOW - timedelta(days=3), tick=False)
    ours = make.organisation(name="Cedar Growers", translations={"fr": {"name": "Producteurs du cèdre"}})
    make.initiative(title="Seed library", summary="Seeds to borrow.", lead=ours)
    clock.set(NOW - timedelta(days=2), tick=False)
    programme = make.programme(owner=ours, name="Harvest helpers")
    clock.set(NOW - timedelta(days=1), tick=False)
    make.shift(of=programme, title="Harvest day", starts_at=NOW + timedelta(days=3))
    make.initiative(title="Olive press", summary="A shared press.", lead=make.organisation(name="Olive Press"))
    coordinator = make.coordinator(of=ours)
    db.commit()
    clock.set(NOW)

    login(coordinator)
    page = _page(client, "/languages/not-yet?language=fr")
    assert '<option selected value="">Every kind</option>' in page
    assert page.index("Harvest day") < page.index("Harvest helpers") < page.index("Seed library")
    assert "Shift, not yet in French" in page and "Initiative, not yet in French" in page
    assert "3 records" in page and "Olive press" not in page and "Cedar Growers" not in page
    assert "Harvest day" not in _page(client, "/languages/not-yet?language=fr&kind=initiative")
    translated = _page(client, "/languages/not-yet?language=en")  # every text is English already
    assert "Every record you may translate has all its text in this language" in translated

    login(make.user())
    assert "There is no record that you may translate" in _page(client, "/languages/not-yet?language=fr")
