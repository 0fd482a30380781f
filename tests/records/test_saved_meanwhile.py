"""A save held back says which fields were saved again after the form was opened, and what each holds now. A field
the user had left as shown takes the saved value, so that saving again keeps both people's changes; a field both
changed keeps the user's value, with the saved one beside it. Fields nobody else touched are left unmarked."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from planner.budgets.models import BudgetRequest
from planner.budgets.reads import current_version
from planner.centres.models import Centre
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.volunteering.models import Shift
from tests.records.editing import (
    TAKEN,
    WARNING,
    both_open,
    changed,
    form_as_shown_in,
    isolated,
    notes_on,
    stored,
    summary_links,
)

OPENED = datetime(2026, 5, 10, 9, 0, tzinfo=UTC)


def test_a_field_only_someone_else_changed_takes_their_value_and_saving_again_keeps_both(app, client, world, db,
                                                                                       make, clock):
    clock.set(OPENED)
    centre = make.centre("Hope Centre", in_council=world.council_a, opening_hours="Sun–Thu 09:00–17:00")
    path = f"/centres/{centre.slug}/edit"
    (first, first_form), (second, second_form) = both_open(app, client, path, world.member_a, world.chair_a)
    clock.set(OPENED + timedelta(minutes=2))
    typed = "Sewing on Saturdays,\r\nlanguage classes on Sundays."  # as a browser sends a text area's lines
    sewing = typed.replace("\r\n", "\n")  # as it is kept
    saved = changed(first_form, summary=typed, opening_hours="")
    saved.setlist("service_keys", ["language-classes"])
    assert first.post(path, data=saved).status_code == 302

    clock.set(OPENED + timedelta(minutes=4))
    held = second.post(path, data=changed(second_form, name="Hope Hall"))
    page = held.get_data(as_text=True)

    assert held.status_code == 422 and WARNING in page
    notes = notes_on(page)
    assert notes == {"summary": f"{TAKEN} Sewing on Saturdays, language classes on Sundays.",
                     "service_keys": f"{TAKEN} {isolated('Language classes')}",
                     "opening_hours": "Saved again meanwhile as empty, and taken into the form since you had not "
                                      "changed it."}  # not the name, which only this person changed
    assert sorted(summary_links(page)) == ["opening_hours", "service_keys", "summary"]
    assert 'aria-describedby="summary-meanwhile"' in page
    again = form_as_shown_in(held, path)
    assert again["name"] == "Hope Hall"  # the user's own change stays in the form
    assert again["summary"] == sewing and again["opening_hours"] == ""
    assert again.getlist("service_keys") == ["language-classes"]

    assert second.post(path, data=again).status_code == 302  # saving again keeps both people's changes
    db.expire_all()
    kept = db.get(Centre, centre.id)
    assert (kept.name, kept.summary, kept.opening_hours) == ("Hope Hall", sewing, "")
    assert [service.key for service in kept.services] == ["language-classes"]


def test_a_field_both_changed_keeps_the_users_value_with_the_saved_one_beside_it(app, client, world, db, clock):
    clock.set(OPENED)
    path = f"/centres/{world.centre_a.slug}/edit"
    (first, first_form), (second, second_form) = both_open(app, client, path, world.member_a, world.chair_a)
    assert first.post(path, data=changed(first_form, summary="Sewing on Saturdays.")).status_code == 302
    held = second.post(path, data=changed(second_form, summary="Language classes on Sundays."))

    assert notes_on(held.get_data(as_text=True)) == {"summary": "Saved again meanwhile as: Sewing on Saturdays."}
    again = form_as_shown_in(held, path)
    assert again["summary"] == "Language classes on Sundays."
    assert second.post(path, data=again).status_code == 302  # knowingly
    assert stored(db, Centre, world.centre_a.id, "summary") == "Language classes on Sundays."


def test_dates_and_choices_are_shown_as_the_form_offers_them(app, client, world, db, make, clock):
    clock.set(OPENED)
    initiative = make.initiative(in_council=world.council_a, lead=world.organisation_a, theme_key="youth",
                                 starts_on=date(2026, 6, 1), status=InitiativeStatus.DRAFT)
    path = f"/initiatives/{initiative.slug}/edit"
    (first, first_form), (second, second_form) = both_open(app, client, path, make.coordinator(world.organisation_a),
                                                           world.coordinator_a)
    assert first.post(path, data=changed(first_form, starts_on="2026-07-15", theme_key="heritage")).status_code == 302
    held = second.post(path, data=changed(second_form, title="Reading corner"))

    notes = notes_on(held.get_data(as_text=True))
    assert set(notes) == {"starts_on", "theme_key"}
    assert notes["starts_on"] == f"{TAKEN} Jul 15, 2026"
    label = db.get(Initiative, initiative.id).theme.name
    assert notes["theme_key"] == f"{TAKEN} {isolated(label)}"
    again = form_as_shown_in(held, path)
    assert (again["starts_on"], again["theme_key"], again["title"]) == ("2026-07-15", "heritage", "Reading corner")


def test_times_are_taken_in_on_the_localitys_clock(app, client, world, db, make, clock):
    clock.set(OPENED)
    shift = make.shift(make.programme(owner=world.organisation_a), starts_at=OPENED + timedelta(days=7), capacity=5)
    first_ends_at = shift.ends_at
    path = f"/shifts/{shift.id}/edit"
    (first, first_form), (second, second_form) = both_open(app, client, path, make.coordinator(world.organisation_a),
                                                           world.coordinator_a)
    later = first_form["ends_at"][:11] + "23:00"  # the same day, on the locality's clock
    assert first.post(path, data=changed(first_form, ends_at=later, capacity="9")).status_code == 302
    db.expire_all()
    ends_at = db.get(Shift, shift.id).ends_at
    assert ends_at != first_ends_at
    held = second.post(path, data=changed(second_form, place="The back hall"))

    notes = notes_on(held.get_data(as_text=True))
    assert set(notes) == {"ends_at", "capacity"}
    assert notes["ends_at"].startswith(TAKEN) and notes["ends_at"].endswith("11:00 PM")  # the locality's clock
    assert notes["capacity"] == f"{TAKEN} 9"
    again = form_as_shown_in(held, path)
    assert (again["ends_at"], again["capacity"], again["place"]) == (later, "9", "The back hall")
    assert second.post(path, data=again).status_code == 302
    db.expire_all()
    kept = db.get(Shift, shift.id)
    assert (kept.capacity, kept.place, kept.ends_at) == (9, "The back hall", ends_at)


@pytest.mark.parametrize("carried", ["{version}.{opened}", "{version}.{opened}.{marks}", "{version}.{opened}.zz.%%",
                                     "{version}.{opened}.{marks}.{as_shown}x", "{version}.9999999999999.{marks}"])
def test_a_form_opened_before_fields_were_marked_or_altered_on_the_way_still_holds_the_save_back(
        app, client, world, db, clock, carried):
    clock.set(OPENED)
    path = f"/centres/{world.centre_a.slug}/edit"
    (first, first_form), (second, second_form) = both_open(app, client, path, world.member_a, world.chair_a)
    assert first.post(path, data=changed(first_form, summary="A new summary")).status_code == 302
    version, opened, marks, as_shown = second_form["seen"].split(".")
    seen = carried.format(version=version, opened=opened, marks=marks, as_shown=as_shown)
    held = second.post(path, data=changed(second_form, name="Hope Hall", seen=seen))
    page = held.get_data(as_text=True)
    assert held.status_code == 422 and WARNING in page
    assert stored(db, Centre, world.centre_a.id, "name") != "Hope Hall"
    assert stored(db, Centre, world.centre_a.id, "summary") == "A new summary"
    assert set(notes_on(page)) <= {"summary"}  # at most the field truly saved meanwhile is marked


def _request_both_open(app, client, world, make):
    request = make.budget_request(make.initiative(in_council=world.council_a, lead=world.organisation_a),
                                  items=[("staff", "Facilitator (months)", "2", "500.00"),
                                         ("materials", "Sewing kits", "10", "12.50")])
    path = f"/requests/{request.id}/edit"
    return request, path, both_open(app, client, path, make.coordinator(world.organisation_a), world.coordinator_a)


def _rows_stored(db, request_id: int) -> list[tuple]:
    db.expire_all()
    version = current_version(db.get(BudgetRequest, request_id))
    return [(item.description, item.quantity, item.unit_cost) for item in version.items]


def test_a_budget_requests_rows_only_someone_else_changed_are_taken_in_whole(app, client, world, db, make, clock):
    clock.set(OPENED)
    request, path, ((first, first_form), (second, second_form)) = _request_both_open(app, client, world, make)
    assert first.post(path, data=changed(first_form, **{"items-0-quantity": "3"})).status_code == 302
    # the second person changes the title and adds blank rows (as "Add more rows" does), which changes no row
    mine = changed(second_form, title="Winter kits", **{f"items-{n}-description": "" for n in range(8, 12)})
    held = second.post(path, data=mine)
    page = held.get_data(as_text=True)
    assert WARNING in page
    assert notes_on(page) == {"line-items": "Saved again meanwhile, and taken into the form since you had not "
                                            "changed it."}
    assert summary_links(page) == ["line-items"]
    shown_again = form_as_shown_in(held, path)
    assert shown_again["items-0-quantity"] == "3.00" and shown_again["title"] == "Winter kits"
    assert second.post(path, data=shown_again).status_code == 302
    assert stored(db, BudgetRequest, request.id, "title") == "Winter kits"
    assert _rows_stored(db, request.id) == [("Facilitator (months)", Decimal("3"), Decimal("500")),
                                            ("Sewing kits", Decimal("10"), Decimal("12.5"))]


def test_a_budget_requests_rows_both_changed_keep_the_users_with_the_saved_ones_beside_them(
        app, client, world, db, make, clock):
    clock.set(OPENED)
    request, path, ((first, first_form), (second, second_form)) = _request_both_open(app, client, world, make)
    assert first.post(path, data=changed(first_form, **{"items-0-quantity": "3"})).status_code == 302
    held = second.post(path, data=changed(second_form, **{"items-1-description": "Thread and needles"}))
    page = held.get_data(as_text=True)
    assert notes_on(page) == {"line-items": "Saved again meanwhile as: Category Description Quantity Unit cost "
                                            f"{isolated('Staff')} Facilitator (months) 3.00 500.000 "
                                            f"{isolated('Materials')} Sewing kits 10.00 12.500"}  # dinars: 3 places
    shown_again = form_as_shown_in(held, path)
    assert (shown_again["items-0-quantity"], shown_again["items-1-description"]) == ("2.00", "Thread and needles")
    assert second.post(path, data=shown_again).status_code == 302  # knowingly: the user's rows stand
    assert _rows_stored(db, request.id) == [("Facilitator (months)", Decimal("2"), Decimal("500")),
                                            ("Thread and needles", Decimal("10"), Decimal("12.5"))]


def test_a_text_in_another_language_saved_meanwhile(app, client, world, db, clock):
    clock.set(OPENED)
    path = f"/languages/council/{world.council_a.id}"
    (first, first_form), (second, second_form) = both_open(app, client, path, world.chair_a, world.admin)
    assert first.post(path, data=changed(first_form, fr__name="Conseil d’Amman-Est")).status_code == 302
    page = second.post(path, data=changed(second_form, tr__name="Doğu Amman Meclisi")).get_data(as_text=True)

    assert notes_on(page) == {"fr__name": f"{TAKEN} Conseil d’Amman-Est"}
    assert '<p class="saved-value" dir="auto" lang="fr">' in page  # the text in its own language, the note in the page's
    assert '<div class="saved-meanwhile" id="fr__name-meanwhile" lang="en">' in page
    assert '<a href="#fr__name">Name (French)</a>' in page  # the list above the form says which language's name
