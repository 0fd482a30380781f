"""User-written names set inside translated sentences are isolated (FSI … PDI), in pages, titles and e-mails."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from planner.i18n import isolate

FSI, PDI = "\u2068", "\u2069"


def test_isolate_wraps_text_and_leaves_nothing_alone():
    assert isolate("Souk al-Khamis") == f"{FSI}Souk al-Khamis{PDI}"
    assert isolate("") == "" and isolate(None) == ""


def test_a_heading_and_the_page_title_isolate_the_name_inside_the_sentence(client, login, make):
    organisation = make.organisation()
    coordinator = make.coordinator(of=organisation)
    shift = make.shift(of=make.programme(owner=organisation), title="نقل الطرود.")
    login(coordinator)
    page = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert f"<title>Roster: {FSI}نقل الطرود.{PDI}" in page
    assert f"<h1>Roster: {FSI}نقل الطرود.{PDI}</h1>" in page


def test_an_email_isolates_the_shift_and_programme_names(app, db, make):
    from planner.notifications.models import Notification
    from planner.volunteering import notices

    volunteer = make.user(name="Rania")
    shift = make.shift(title="Food parcels (Saturday)")
    db.commit()  # a savepoint: what the test arranged outlives the request context's end
    with app.test_request_context():
        db.add(notices.confirmation(volunteer, shift))
        db.commit()
    message = db.scalars(select(Notification).where(Notification.user_id == volunteer.id)).one()
    assert message.subject == f"Your place is confirmed: {FSI}Food parcels (Saturday){PDI}"
    assert f"Hello {FSI}Rania{PDI}," in message.body


@pytest.mark.parametrize(("locale", "comma"), [("ar", "، "), ("en", ", "), ("fr", ", "), ("tr", ", ")])
def test_an_emails_place_isolates_each_part_and_separates_them_in_the_readers_language(app, db, make, locale,
                                                                                       comma):
    from planner.notifications.models import Notification
    from planner.volunteering import notices

    volunteer = make.user(name="Rania", locale=locale)
    shift = make.shift(title="Food parcels", place=make.locality(name="Marka test quarter"))
    shift.place = "مستودع الإغاثة"
    db.commit()
    with app.test_request_context():
        db.add(notices.confirmation(volunteer, shift))
        db.commit()
    message = db.scalars(select(Notification).where(Notification.user_id == volunteer.id)).one()
    assert f"{FSI}مستودع الإغاثة{PDI}{comma}{FSI}Marka test quarter{PDI}" in message.body


@pytest.mark.parametrize(("language", "comma"), [("ar", "، "), ("en", ", ")])
def test_a_records_place_and_country_are_separated_in_the_readers_language(client, make, language, comma):
    council = make.council(place=make.locality(name="Hay Nazzal test quarter"))
    page = client.get(f"/councils/{council.slug}", headers={"Accept-Language": language}).get_data(as_text=True)
    assert f"<bdi>Hay Nazzal test quarter</bdi>{comma}<bdi>" in page


def test_a_reminders_contact_isolates_the_name_and_leaves_the_link_bare_to_stay_clickable(app, db, make):
    from planner.notifications.models import Notification
    from planner.volunteering import notices

    volunteer = make.user(name="Rania", locale="ar")
    organisation = make.organisation(name="جمعية الإغاثة", website="https://relief.example.org/")
    shift = make.shift(of=make.programme(owner=organisation), title="Food parcels")
    db.commit()
    with app.test_request_context():
        db.add(notices.reminder(volunteer, shift, "https://planner.example/yes", "https://planner.example/no", "ABCD",
                                "https://planner.example/stop"))
        db.commit()
    message = db.scalars(select(Notification).where(Notification.user_id == volunteer.id)).one()
    assert f"{FSI}جمعية الإغاثة{PDI}، https://relief.example.org/\n" in message.body


def test_an_account_email_isolates_the_persons_name(client, db, make):
    from planner.notifications.models import Notification

    person = make.user(name="رانيا (Rania)", email="rania-isolated@example.org")
    client.post("/password-reset", data={"email": person.email})
    mail = db.scalars(select(Notification).where(Notification.to_address == person.email)).one()
    assert mail.body.startswith(f"Hello {FSI}رانيا (Rania){PDI},")
