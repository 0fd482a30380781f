"""Two people editing one record: whoever saves second, on a form opened before the first saved, is told so and
keeps their text in the form; nothing of theirs is written until they save again, knowingly."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete

from planner.budgets.models import BudgetRequest
from planner.centres.models import Centre
from planner.councils.models import Council
from planner.db import session
from planner.organisations.models import Organisation
from planner.partnerships.models import Partnership
from planner.volunteering import services
from planner.volunteering.models import Programme, Shift
from tests.conftest import log_in
from tests.records.editing import (
    TAKEN,
    WARNING,
    both_open,
    changed,
    form_as_shown,
    form_as_shown_in,
    isolated,
    notes_on,
    stored,
)

OPENED = datetime(2026, 5, 10, 9, 0, tzinfo=UTC)


def record_of(kind: str, world):
    return {"council": world.council_a, "centre": world.centre_a, "organisation": world.organisation_a}[kind]


# (what, its edit page, a field, the two people who may edit it)
EDITORS = {
    "council": (Council, "/councils/{slug}/edit", "name", "chair_a", "admin"),
    "centre": (Centre, "/centres/{slug}/edit", "summary", "member_a", "chair_a"),
    "organisation": (Organisation, "/organisations/{slug}/edit", "name", "coordinator_a", "admin"),
    "council's languages": (Council, "/languages/council/{id}", "fr__name", "chair_a", "admin"),
}


@pytest.mark.parametrize("kind", EDITORS)
def test_a_save_over_someone_elses_later_save_is_held_back_until_made_again(app, client, world, db, clock, kind):
    model, address, field, first_name, second_name = EDITORS[kind]
    record = record_of(kind.split("'")[0], world)
    path = address.format(slug=record.slug, id=record.id)
    clock.set(OPENED)
    (first, first_form), (second, second_form) = both_open(app, client, path, getattr(world, first_name),
                                                           getattr(world, second_name))

    clock.set(OPENED + timedelta(minutes=3))
    r = first.post(path, data=changed(first_form, **{field: "Saved first"}))
    assert r.status_code == 302
    clock.set(OPENED + timedelta(minutes=5))
    held = second.post(path, data=changed(second_form, **{field: "Saved second"}))

    page = held.get_data(as_text=True)
    assert held.status_code == 422 and WARNING in page and "Your changes are not saved yet" in page
    assert "Saved second" in page  # still in the form
    assert stored(db, model, record.id, field) == "Saved first"

    again = form_as_shown_in(held, path)
    assert second.post(path, data=again).status_code == 302
    assert stored(db, model, record.id, field) == "Saved second"


def test_one_person_saving_twice_in_a_row_is_never_held_back(client, login, world, db, clock):
    clock.set(OPENED)
    login(world.member_a)
    path = f"/centres/{world.centre_a.slug}/edit"
    for minute, summary in ((1, "A first summary"), (2, "A second summary")):
        clock.set(OPENED + timedelta(minutes=minute))
        shown = form_as_shown(client, path)
        clock.set(OPENED + timedelta(minutes=minute, seconds=30))
        response = client.post(path, data=changed(shown, summary=summary))
        assert response.status_code == 302, response.get_data(as_text=True)
        assert stored(db, Centre, world.centre_a.id, "summary") == summary


def test_a_form_that_fails_its_checks_keeps_the_version_it_was_opened_with(client, login, world, db, clock):
    clock.set(OPENED)
    login(world.member_a)
    path = f"/centres/{world.centre_a.slug}/edit"
    shown = form_as_shown(client, path)
    clock.set(OPENED + timedelta(minutes=1))
    refused = client.post(path, data=changed(shown, name=""))
    assert refused.status_code == 422 and WARNING not in refused.get_data(as_text=True)
    clock.set(OPENED + timedelta(minutes=2))
    session.get(Centre, world.centre_a.id).opening_hours = "Changed meanwhile by someone else"
    db.commit()
    held = client.post(path, data=form_as_shown_in(refused, path) | {"name": "Alpha Centre"})
    assert held.status_code == 422 and WARNING in held.get_data(as_text=True)


def test_a_change_the_form_does_not_show_holds_nothing_back(app, client, login, world, db, make, clock):
    clock.set(OPENED)
    shift = make.shift(make.programme(owner=world.organisation_a), starts_at=OPENED + timedelta(days=7))
    login(world.coordinator_a)
    path = f"/languages/shift/{shift.id}"
    shown = form_as_shown(client, path)
    clock.set(OPENED + timedelta(minutes=1))
    volunteer = make.user()
    assert app_signs_up(app, volunteer, shift) == 1  # the shift's row changes: a place is taken
    response = client.post(path, data=changed(shown, fr__title="Tri des dons"))
    assert response.status_code == 302
    assert stored(db, Shift, shift.id, "fr__title") == "Tri des dons"


def test_two_coordinators_editing_one_shift(app, client, world, db, make, clock):
    clock.set(OPENED)
    shift = make.shift(make.programme(owner=world.organisation_a), starts_at=OPENED + timedelta(days=7))
    path = f"/shifts/{shift.id}/edit"
    other = make.coordinator(world.organisation_a)
    (first, first_form), (second, second_form) = both_open(app, client, path, other, world.coordinator_a)
    clock.set(OPENED + timedelta(minutes=1))
    app_signs_up(app, make.user(), shift)  # not something the form shows: nobody is held back by it
    assert first.post(path, data=changed(first_form, capacity="12")).status_code == 302
    clock.set(OPENED + timedelta(minutes=2))
    held = second.post(path, data=changed(second_form, title="Sorting the winter coats"))
    assert held.status_code == 400 and WARNING in held.get_data(as_text=True)
    assert (stored(db, Shift, shift.id, "title"), stored(db, Shift, shift.id, "capacity")) == (shift.title, 12)
    assert second.post(path, data=form_as_shown_in(held, path)).status_code == 302
    assert stored(db, Shift, shift.id, "title") == "Sorting the winter coats"


@pytest.mark.parametrize("linked", [{"skills": "test-first-aid"}, {"languages": "tr"}])
def test_a_programme_whose_skills_or_languages_were_changed_meanwhile(app, client, world, db, make, clock, linked):
    clock.set(OPENED)
    make.skill("test-first-aid")
    programme = make.programme(owner=world.organisation_a, summary="Winter clothes drive.")
    path = f"/programmes/{programme.slug}/edit"
    (first, first_form), (second, second_form) = both_open(app, client, path, world.admin, world.coordinator_a)
    clock.set(OPENED + timedelta(minutes=1))
    assert first.post(path, data=changed(first_form, **linked)).status_code == 302
    held = second.post(path, data=changed(second_form, summary="Coats and blankets."))
    assert held.status_code == 400 and WARNING in held.get_data(as_text=True)
    assert stored(db, Programme, programme.id, "summary") == "Winter clothes drive."


def test_two_coordinators_editing_one_budget_request(app, client, world, db, make, clock):
    clock.set(OPENED)
    initiative = make.initiative(in_council=world.council_a, lead=world.organisation_a)
    request = make.budget_request(initiative, title="Winter kits")
    path = f"/requests/{request.id}/edit"
    (first, first_form), (second, second_form) = both_open(app, client, path, make.coordinator(world.organisation_a),
                                                           world.coordinator_a)
    clock.set(OPENED + timedelta(minutes=1))
    assert first.post(path, data=changed(first_form, **{"items-0-quantity": "3"})).status_code == 302
    held = second.post(path, data=changed(second_form, title="Winter kits for 40 families"))
    page = held.get_data(as_text=True)
    assert WARNING in page and "Your changes are not saved yet" in page
    assert stored(db, BudgetRequest, request.id, "title") == "Winter kits"
    assert second.post(path, data=form_as_shown_in(held, path)).status_code == 302
    assert stored(db, BudgetRequest, request.id, "title") == "Winter kits for 40 families"


def test_a_partnership_whose_parties_were_changed_meanwhile(app, client, world, db, make, clock):
    clock.set(OPENED)
    partnership = make.partnership("Sewing circle", parties=(world.organisation_a, world.organisation_b))
    path = f"/partnerships/{partnership.slug}/edit"
    (first, first_form), (second, second_form) = both_open(app, client, path, world.admin, world.coordinator_a)
    joined = first_form.copy()
    joined.add("council_ids", str(world.council_a.id))  # the council joins as a third party; nothing else changes
    assert first.post(path, data=joined).status_code == 302
    held = second.post(path, data=changed(second_form, summary="Every Saturday."))
    assert held.status_code == 422 and WARNING in held.get_data(as_text=True)
    assert stored(db, Partnership, partnership.id, "summary") != "Every Saturday."
    assert notes_on(held.get_data(as_text=True)) == {"council_ids": f"{TAKEN} {isolated(world.council_a.name)}"}
    assert second.post(path, data=form_as_shown_in(held, path)).status_code == 302  # both changes kept
    assert stored(db, Partnership, partnership.id, "summary") == "Every Saturday."
    assert str(world.council_a.id) in form_as_shown(second, path).getlist("council_ids")


def app_signs_up(app, volunteer, shift) -> int:
    """The volunteer signs up through the service, as the sign-up button would (in the app's context); the places
    now taken."""
    with app.app_context():
        services.sign_up(volunteer.id, shift.id)
        session.commit()
    return session.get(Shift, shift.id).confirmed_count


def test_a_record_removed_while_its_form_was_open_is_not_found(client, login, world, db, make, clock):
    clock.set(OPENED)
    centre = make.centre(in_council=world.council_a, name="Short-lived Hall")
    login(world.member_a)
    path = f"/centres/{centre.slug}/edit"
    shown = form_as_shown(client, path)
    db.execute(delete(Centre).where(Centre.id == centre.id))  # as someone with the database in hand might
    db.expire_all()
    clock.set(OPENED + timedelta(minutes=1))
    assert client.post(path, data=changed(shown, summary="A new summary")).status_code == 404


def test_the_message_says_who_saved_and_how_long_ago(app, client, world, db, clock):
    clock.set(OPENED)
    path = f"/organisations/{world.organisation_a.slug}/edit"
    first, second, same_person_elsewhere = client, app.test_client(), app.test_client()
    log_in(first, world.admin)
    log_in(second, world.coordinator_a)
    log_in(same_person_elsewhere, world.admin)
    first_form, second_form = form_as_shown(first, path), form_as_shown(second, path)
    other_tab = form_as_shown(same_person_elsewhere, path)
    clock.set(OPENED + timedelta(minutes=3))
    assert first.post(path, data=changed(first_form, name="Saved first")).status_code == 302
    clock.set(OPENED + timedelta(minutes=8))

    held = second.post(path, data=changed(second_form, name="Saved second")).get_data(as_text=True)
    assert f"\u2068{world.admin.name}\u2069 saved this record 5 minutes ago, after you opened this form." in held
    held = same_person_elsewhere.post(path, data=changed(other_tab, name="Saved again")).get_data(as_text=True)
    assert "You saved this record in another tab or window 5 minutes ago, after you opened this form." in held


def test_a_form_that_does_not_say_when_it_was_opened_gets_the_plain_message(app, client, world, db, clock):
    clock.set(OPENED)
    path = f"/organisations/{world.organisation_a.slug}/edit"
    (first, first_form), (second, second_form) = both_open(app, client, path, world.admin, world.coordinator_a)
    clock.set(OPENED + timedelta(minutes=3))
    assert first.post(path, data=changed(first_form, name="Saved first")).status_code == 302
    version_alone = second_form["seen"].partition(".")[0]  # as a page opened before the time was added sends it
    held = second.post(path, data=changed(second_form, name="Saved second", seen=version_alone))
    assert held.status_code == 422
    assert "This record was saved by someone else (or in another tab) after you opened this form." in held.get_data(
        as_text=True)
