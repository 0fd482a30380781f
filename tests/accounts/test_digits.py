"""A reader chooses the digits numbers are written with: the language's own, Western, or Arabic-Indic."""
from __future__ import annotations

import re
from datetime import UTC, datetime
from types import SimpleNamespace

from flask import render_template_string
from flask_babel import force_locale, gettext, ngettext
from sqlalchemy import select

from planner.accounts.models import User
from planner.digits import digits_of, typed_whole_number
from planner.notifications.models import Notification
from planner.volunteering.models import SignupStatus
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


def test_numbers_inside_translated_sentences_follow_the_chosen_digits(client, db, clock, make):
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    shift = make.shift(capacity=5, starts_at=datetime(2027, 3, 13, 7, tzinfo=UTC))
    for _taken in range(2):
        make.signup(shift)
    programme_page = f"/programmes/{shift.programme.slug}"
    reader = make.user(name="Huda", digits="arab", locale="ar")
    make.signup(shift, volunteer=reader, status=SignupStatus.WAITLISTED)
    db.commit()
    form_login(client, reader.email)
    page = client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    assert "٣ أماكن شاغرة من ٥" in page  # places left, a plural form chosen by the number
    assert "ترتيبك ١ في قائمة الانتظار" in page  # the waiting-list position
    listing = client.get(programme_page).get_data(as_text=True)
    # the programme page's places left: the bare count, and the capacity set in a sentence
    assert re.search(r'<td class="num"[^>]*>\s*٣\s*<span class="meta">من ٥</span>', listing)
    client.post("/logout")
    english = client.get(f"/shifts/{shift.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "3 places left of 5" in english  # a visitor reads the language's own digits


def test_a_message_sets_its_numbers_in_the_readers_digits_whoever_sends_it(client, db, clock, make):
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    shift = make.shift(capacity=1, starts_at=datetime(2027, 3, 13, 7, tzinfo=UTC))
    make.signup(shift)
    eastern, western = make.user(locale="ar", digits="arab"), make.user(locale="ar", digits="latn")
    db.commit()
    for reader in (eastern, western):
        form_login(client, reader.email)
        client.post(f"/shifts/{shift.id}/signup", data={"guests": "0"})
        client.post("/logout")
    bodies = dict(db.execute(select(Notification.user_id, Notification.body)
                             .where(Notification.kind == "signup.waitlisted")).all())
    assert "ترتيبك ١ في" in bodies[eastern.id] and "ترتيبك 2 في" in bodies[western.id]


def test_a_number_typed_on_any_keyboard_is_read_and_anything_else_is_not(client, db, make):
    assert typed_whole_number("42") == typed_whole_number("٤٢") == typed_whole_number(" ۴۲ ") == 42
    for not_a_number in ("²", "½", "4²", "-3", "1e3", "", None, "1" * 13):
        assert typed_whole_number(not_a_number) is None, not_a_number
    person = make.user(name="Kept")
    form_login(client, person.email)
    response = client.post("/account/profile", data={"name": "Kept", "digits": "", "locality": "²"})
    assert response.status_code in (200, 302)  # a crafted place is not one of the list's, and no fault
    db.expire_all()
    assert db.get(User, person.id).locality_id is None


def test_the_count_that_chooses_the_plural_is_grouped_and_other_numbers_are_not(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert ngettext("%(num)s account", "%(num)s accounts", 12345) == "12,345 accounts"
        assert render_template_string('{{ ngettext("%(num)s event", "%(num)s events", 12345) }}') == "12,345 events"
        assert gettext("Budget %(year)s", year=2026) == "Budget 2026"  # a year, not a count
        with force_locale("ar"), digits_of(SimpleNamespace(digits="arab")):
            assert "١٢٬٣٤٥" in ngettext("%(num)s account", "%(num)s accounts", 12345)
            assert "٢٠٢٦" in render_template_string('{{ _("Budget %(year)s", year=2026) }}')


def test_numbers_offered_in_a_list_follow_the_chosen_digits(client, db, clock, make):
    """The people one may bring and the fiscal years are choices of a list: they are numbers the reader reads."""
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    shift = make.shift(starts_at=datetime(2027, 3, 13, 7, tzinfo=UTC), party_limit=2)
    organisation = make.organisation()
    initiative = make.initiative(lead=organisation)
    person = make.coordinator(of=organisation, digits="arab")
    form_login(client, person.email)
    shift_page = client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    assert re.search(r'<option (selected )?value="2">٢</option>', shift_page)
    request_form = client.get(f"/initiatives/{initiative.slug}/requests/new").get_data(as_text=True)
    assert re.search(r'<option (selected )?value="2027">٢٠٢٧</option>', request_form)
