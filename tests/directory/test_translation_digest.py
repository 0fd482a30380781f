"""The translators' weekly e-mail: whoever may translate texts set aside when their original changed is told of
them once they have waited a day, at most once a week and only for new ones, and can stop it from the e-mail."""
from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import select

from planner.accounts.models import User
from planner.initiatives.models import Initiative
from planner.languages import digest
from planner.notifications.models import Notification
from planner.volunteering.models import Shift

NOW = datetime(2027, 5, 3, 8, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def _digests(db, user_id: int | None = None) -> list[Notification]:
    db.expire_all()
    return list(db.scalars(select(Notification).where(Notification.kind == "translations.digest",
                                                     *([Notification.user_id == user_id] if user_id else []))
                           .order_by(Notification.id)))


def _pass_at(app, db, clock, when: datetime) -> int:
    """The outbox worker's pass at this moment, in a context of its own as the worker has, committed as it commits."""
    clock.set(when)
    with app.app_context():
        written = digest.queue_digests(when)
        db.commit()
    return written


def _set_aside(db, clock, when: datetime, model, record_id: int, field: str, words: str) -> None:
    """The record's original text changed at this moment (its other languages set aside), as its form would."""
    clock.set(when)
    setattr(db.get(model, record_id), field, words)
    db.commit()


def _world(db, make):
    """A coordinator of an organisation with an initiative and a shift in French, a colleague of
    another organisation, and a volunteer."""
    ours, theirs = make.organisation(name="Cedar Growers"), make.organisation(name="Olive Press")
    garden = make.initiative(title="Roof garden", summary="Vegetables on the roof.", lead=ours,
                             translations={"fr": {"summary": "Des légumes sur le toit."}})
    picking = make.shift(of=make.programme(owner=ours, name="Harvest helpers"), starts_at=NOW + 30 * DAY,
                         title="Picking", instructions="Bring gloves.",
                         translations={"ar": {"instructions": "أحضر قفازات."}, "fr": {"instructions": "Des gants."}})
    press = make.initiative(title="Olive press", summary="A shared press.", lead=theirs,
                            translations={"fr": {"summary": "Un pressoir partagé."}})
    coordinator = make.coordinator(of=ours)
    other, volunteer = make.coordinator(of=theirs), make.user(name="Vera Volunteer")
    db.commit()
    return garden, picking, press, coordinator, other, volunteer


def test_texts_that_waited_a_day_are_e_mailed_once_a_week_and_only_when_new(app, db, clock, make):
    clock.set(NOW)
    garden, picking, press, coordinator, other, volunteer = _world(db, make)
    coordinator.locale = "fr"  # the e-mail is worded in their language
    db.commit()
    _set_aside(db, clock, NOW, Initiative, garden.id, "summary", "Vegetables on the town hall roof.")
    _set_aside(db, clock, NOW + timedelta(minutes=5), Shift, picking.id, "instructions", "Bring gloves and a hat.")

    assert _pass_at(app, db, clock, NOW + timedelta(hours=2)) == 0  # the editor may still translate them today
    assert _pass_at(app, db, clock, NOW + DAY + timedelta(hours=1)) == 1

    [mail] = _digests(db)
    assert mail.user_id == coordinator.id and mail.language == "fr"
    assert mail.subject == "2 textes attendent d’être traduits à nouveau"
    assert "- Créneau\u00a0: \u2068Picking\u2069 (arabe et français)\n" in mail.body
    assert "- Initiative\u00a0: \u2068Roof garden\u2069 (français)\n" in mail.body
    assert mail.body.index("Picking") < mail.body.index("Roof garden")  # the latest first
    assert f"/languages/shift/{picking.id}" in mail.body and "/languages/to-translate" in mail.body
    assert "Olive press" not in mail.body  # another organisation's
    assert mail.opt_out_url and mail.opt_out_url in mail.body

    assert _pass_at(app, db, clock, NOW + 2 * DAY + timedelta(hours=2)) == 0  # nothing new
    sorting = make.shift(of=db.get(Shift, picking.id).programme, starts_at=NOW + 31 * DAY, title="Sorting",
                         translations={"fr": {"title": "Tri"}})
    db.commit()
    _set_aside(db, clock, NOW + 3 * DAY, Shift, sorting.id, "title", "Sorting and packing")
    assert _pass_at(app, db, clock, NOW + 5 * DAY) == 0  # new, but the last e-mail is not a week old
    assert _pass_at(app, db, clock, NOW + 8 * DAY + timedelta(hours=2)) == 1
    assert _pass_at(app, db, clock, NOW + 16 * DAY + timedelta(hours=3)) == 0  # waiting still, but nothing new

    assert [mail.user_id for mail in _digests(db)] == [coordinator.id, coordinator.id]
    assert "Sorting and packing" in _digests(db)[1].body and "Sorting" not in _digests(db)[0].body
    _set_aside(db, clock, NOW + 16 * DAY, Initiative, press.id, "summary", "A press for everyone.")
    assert _pass_at(app, db, clock, NOW + 17 * DAY + timedelta(hours=4)) == 1
    assert [mail.user_id for mail in _digests(db)][-1] == other.id  # their own organisation's, now
    assert _digests(db, volunteer.id) == []


def test_a_text_translated_again_within_the_day_is_not_e_mailed(app, db, client, login, clock, make):
    clock.set(NOW)
    garden, _picking, _press, coordinator, _other, _volunteer = _world(db, make)
    _set_aside(db, clock, NOW, Initiative, garden.id, "summary", "Vegetables on the town hall roof.")
    login(coordinator)
    client.post(f"/languages/initiative/{garden.id}", data={
        "original_language": "en", "fr__title": "", "fr__summary": "Des légumes sur le toit de la mairie."})

    assert _pass_at(app, db, clock, NOW + DAY + timedelta(hours=1)) == 0
    assert _digests(db) == []


def test_the_e_mail_s_link_stops_them_and_the_queue_s_page_starts_them_again(app, db, client, login, clock, make):
    clock.set(NOW)
    garden, picking, _press, coordinator, _other, _volunteer = _world(db, make)
    coordinator_id, picking_id = coordinator.id, picking.id
    _set_aside(db, clock, NOW, Initiative, garden.id, "summary", "Vegetables on the town hall roof.")
    _pass_at(app, db, clock, NOW + DAY + timedelta(hours=1))
    [mail] = _digests(db)
    stop = urlsplit(mail.opt_out_url).path

    page = html.unescape(client.get(stop).get_data(as_text=True))
    assert "Stop these e-mails" in page and db.get(User, coordinator_id).translation_digest  # a GET changes nothing
    client.post(stop)  # as a mail client's one-click "Unsubscribe" sends it: no form, no session
    db.expire_all()
    assert db.get(User, coordinator_id).translation_digest is False
    assert "These e-mails are off" in html.unescape(client.get(stop).get_data(as_text=True))
    assert client.get(stop[:-3] + "abc").status_code == 404  # a link we did not make
    _set_aside(db, clock, NOW + 2 * DAY, Shift, picking_id, "instructions", "Bring gloves and a hat.")
    assert _pass_at(app, db, clock, NOW + 9 * DAY) == 0

    login(db.get(User, coordinator_id))
    queue = html.unescape(client.get("/languages/to-translate").get_data(as_text=True))
    assert "The weekly e-mail of these texts is off." in queue
    switched = client.post("/languages/to-translate/e-mail", data={"wanted": "on"}, follow_redirects=True)
    assert "The weekly e-mail is on." in html.unescape(switched.get_data(as_text=True))
    assert _pass_at(app, db, clock, NOW + 10 * DAY) == 1
    refused = client.post("/languages/to-translate/e-mail", data={"wanted": "maybe"}, follow_redirects=True)
    assert "nothing was changed" in refused.get_data(as_text=True)
    db.expire_all()
    assert db.get(User, coordinator_id).translation_digest is True  # a value we do not know changes nothing


def test_the_queue_offers_the_e_mail_only_to_those_who_translate(db, client, login, clock, make):
    clock.set(NOW)
    *_records, coordinator, _other, volunteer = _world(db, make)

    login(volunteer)
    assert "weekly e-mail" not in client.get("/languages/to-translate").get_data(as_text=True)
    login(coordinator)
    assert "Stop the weekly e-mail" in client.get("/languages/to-translate").get_data(as_text=True)


def test_the_profile_page_turns_it_off_and_on_for_translators_and_asks_no_one_else(db, client, login, clock, make):
    clock.set(NOW)
    *_records, coordinator, _other, volunteer = _world(db, make)
    coordinator_id, volunteer_id = coordinator.id, volunteer.id
    profile = {"name": "Cora Coordinator", "locale": "en", "locality": "", "shift_reminders": "y",
               "short_notice_emails": "y"}

    login(coordinator)
    page = client.get("/account/profile").get_data(as_text=True)
    assert "E-mail me once a week when texts I may translate have waited a day" in page
    assert '<input checked id="translation_digest"' in page  # on until turned off
    assert client.post("/account/profile", data=profile).status_code == 302  # its box left unticked
    db.expire_all()
    assert db.get(User, coordinator_id).translation_digest is False
    assert "The weekly e-mail of these texts is off." in html.unescape(
        client.get("/languages/to-translate").get_data(as_text=True))  # one setting, seen from both pages
    client.post("/account/profile", data={**profile, "translation_digest": "y"})
    db.expire_all()
    assert db.get(User, coordinator_id).translation_digest is True

    login(db.get(User, volunteer_id))
    assert "once a week" not in client.get("/account/profile").get_data(as_text=True)
    client.post("/account/profile", data={"name": "Vera Volunteer", "locale": "en", "locality": ""})
    db.expire_all()
    assert db.get(User, volunteer_id).translation_digest is True  # not asked, so not changed


def test_the_outbox_worker_writes_them_on_its_pass(app, db, clock, make):
    clock.set(NOW)
    garden, *_rest = _world(db, make)
    _set_aside(db, clock, NOW, Initiative, garden.id, "summary", "Vegetables on the town hall roof.")
    clock.set(NOW + DAY + timedelta(hours=1))

    result = app.test_cli_runner().invoke(args=["send-notifications", "--once"])

    assert result.exit_code == 0, result.output
    assert "queued 1 message" in result.output and len(_digests(db)) == 1
