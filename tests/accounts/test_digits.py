"""A reader chooses the digits numbers are written with: the language's own, Western, or Arabic-Indic."""
from __future__ import annotations

from datetime import UTC, datetime

from planner.accounts.models import User
from tests.accounts.conftest import form_login


def test_the_profile_saves_the_digits_and_pages_use_them(client, db, clock, make):
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    shift = make.shift(starts_at=datetime(2027, 3, 13, 7, tzinfo=UTC))
    person = make.user(name="Rana")
    form_login(client, person.email)
    western = client.get(f"/shifts/{shift.id}", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert "13" in western and "١٣" not in western  # Arabic as we serve it writes Western digits (CLDR "ar")
    response = client.post("/account/profile", data={"name": "Rana", "digits": "arab", "locale": "ar", "locality": ""})
    assert response.status_code == 302
    db.expire_all()
    assert db.get(User, person.id).digits == "arab"
    arabic_indic = client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    assert "١٣" in arabic_indic  # the 13th of March, in Arabic-Indic digits
    english = client.post("/account/profile", data={"name": "Rana", "digits": "arab", "locale": "en", "locality": ""})
    assert english.status_code == 302
    assert "١٣" in client.get(f"/shifts/{shift.id}").get_data(as_text=True)  # the choice holds in any language


def test_money_follows_the_chosen_digits_with_the_systems_own_separators(client, db, make):
    council = make.council(currency="JOD")
    person = make.user(name="Sami", digits="arab")
    form_login(client, person.email)
    make.envelope(council, year=2026, amount="12500.000")
    page = client.get(f"/councils/{council.slug}/budget/2026", headers={"Accept-Language": "ar"})
    assert "١٢٬٥٠٠٫٠٠٠" in page.get_data(as_text=True)


def test_digits_not_on_the_list_are_refused(client, db, make):
    person = make.user(name="Kept")
    form_login(client, person.email)
    response = client.post("/account/profile", data={"name": "Kept", "digits": "roman", "locality": ""})
    assert response.status_code == 200 and b'class="error' in response.data
    db.expire_all()
    assert db.get(User, person.id).digits == ""
