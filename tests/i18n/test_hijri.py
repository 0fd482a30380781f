"""Hijri dates appear beside Gregorian ones for readers who choose them, and only then."""
from datetime import date

from planner.hijri import hijri_text


def test_a_known_day_converts():
    assert hijri_text(date(2026, 11, 21)) == "11 Jumada al-Akhirah 1448 AH"
    assert hijri_text(date(2026, 11, 21), "ar") == "11 جمادى الآخرة 1448 هـ"


def test_a_day_outside_the_tables_gives_nothing_rather_than_an_error():
    assert hijri_text(date(1800, 1, 1)) == ""


def test_the_footer_switch_adds_hijri_dates_to_pages(client, make):
    initiative = make.initiative(title="Lantern repair evenings", starts_on=date(2026, 11, 21))
    page = client.get(f"/initiatives/{initiative.slug}").get_data(as_text=True)
    assert "November 21, 2026" in page and "1448 AH" not in page
    client.post("/calendar-preference", data={"hijri": "on", "next": f"/initiatives/{initiative.slug}"})
    page = client.get(f"/initiatives/{initiative.slug}").get_data(as_text=True)
    assert "November 21, 2026 (11 Jumada al-Akhirah 1448 AH)" in page
    client.post("/calendar-preference", data={"hijri": "off"})
    assert "1448 AH" not in client.get(f"/initiatives/{initiative.slug}").get_data(as_text=True)


def test_the_profile_choice_turns_them_on_for_that_user(client, make, login, db):
    initiative = make.initiative(title="Lantern repair evenings", starts_on=date(2026, 11, 21))
    reader = make.user(show_hijri=True)
    login(reader)
    assert "1448 AH" in client.get(f"/initiatives/{initiative.slug}").get_data(as_text=True)


def test_shift_times_carry_the_hijri_day(client, make):
    shift = make.shift(title="Night market stewards")
    client.post("/calendar-preference", data={"hijri": "on"})
    page = client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    assert " AH)" in page
