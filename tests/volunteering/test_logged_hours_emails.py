"""A programme's coordinators are e-mailed when a volunteer logs hours for them to verify: in their language, at
most once a day for each programme while what they were told of waits, never about their own hours, and not at all
once they turn it off on their profile."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from planner.accounts.models import Role, User
from planner.notifications.models import Notification
from planner.volunteering.models import LoggedHours

NOW = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def programme_and_people(make, db, clock):
    """A public programme run by two coordinators (one reading French), a coordinator of another organisation, and
    a volunteer."""
    clock.set(NOW, tick=False)
    organisation = make.organisation()
    programme = make.programme(name="Welcome desk", owner=organisation)
    cora, camille = make.user(name="Cora"), make.user(name="Camille", locale="fr")
    for coordinator in (cora, camille):
        make.grant(coordinator, Role.COORDINATOR, organisation=organisation)
    make.grant(make.user(name="Elsewhere"), Role.COORDINATOR, organisation=make.organisation())
    volunteer = make.user(name="Nour Haddad")
    db.commit()
    return programme, (cora, camille), volunteer


def _token(client, address: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(address).get_data(as_text=True)).group(1)


def _log(client, programme, day="2027-03-08", what="Translated the welcome leaflet"):
    address = f"/programmes/{programme.slug}/log-hours"
    return client.post(address, data={"csrf_token": _token(client, address), "worked_on": day, "hours": "2.5",
                                      "description": what})


def _told(db) -> list[Notification]:
    return db.scalars(select(Notification).where(Notification.kind == "logged_hours.waiting")
                      .order_by(Notification.id)).all()


def test_each_coordinator_is_told_in_their_language_what_waits_and_where(client, db, login, programme_and_people):
    programme, (cora, camille), volunteer = programme_and_people
    login(volunteer)
    assert _log(client, programme).status_code == 302
    told = _told(db)
    assert [message.user_id for message in told] == [cora.id, camille.id]
    english, french = told
    assert english.subject == "Hours to verify: \u2068Welcome desk\u2069"
    assert "\u2068Nour Haddad\u2069 logged 2.5 hours given to \u2068Welcome desk\u2069 on March 8, 2027" in english.body
    assert "Translated the welcome leaflet" in english.body
    assert "1 log of hours waits for a coordinator to verify or decline it." in english.body
    assert f"/programmes/{programme.slug}/logged-hours" in english.body and "/account/profile" in english.body
    assert french.language == "fr" and french.subject.startswith("Heures à vérifier")
    assert "8 mars 2027" in french.body and "2,5" in french.body


def test_one_e_mail_a_day_for_a_programme_while_what_was_told_waits(client, db, login, clock, programme_and_people):
    programme, (cora, _camille), volunteer = programme_and_people
    login(volunteer)
    _log(client, programme, day="2027-03-07", what="Sorted the donated books")
    _log(client, programme, day="2027-03-08", what="Drove the chairs")  # the same morning: no second e-mail
    assert len(_told(db)) == 2  # one to each coordinator

    clock.set(NOW + timedelta(days=1, minutes=1), tick=False)  # a day on, the first log still waiting
    _log(client, programme, day="2027-03-10", what="Answered the telephone")
    told = _told(db)
    assert len(told) == 4 and "3 logs of hours wait for a coordinator" in told[-2].body

    login(cora)
    queue = f"/programmes/{programme.slug}/logged-hours"
    for entry in db.scalars(select(LoggedHours)).all():  # the queue emptied: the next log is news at once
        client.post(f"/logged-hours/{entry.id}/verify", data={"csrf_token": _token(client, queue), "hours": ""})
    login(volunteer)
    _log(client, programme, day="2027-03-11", what="Folded leaflets")
    assert len(_told(db)) == 6


def test_a_coordinator_is_not_told_of_their_own_hours_nor_of_hours_they_record(client, db, login,
                                                                              programme_and_people):
    programme, (cora, camille), volunteer = programme_and_people
    login(cora)
    assert _log(client, programme).status_code == 302
    assert [message.user_id for message in _told(db)] == [camille.id]  # who may decide on them

    address = f"/programmes/{programme.slug}/logged-hours"
    recorded = client.post(address, data={"csrf_token": _token(client, address), "email": volunteer.email,
                                          "worked_on": "2027-03-09", "hours": "3", "description": "Drove chairs"})
    assert recorded.status_code == 302 and len(_told(db)) == 1  # verified at once: nothing waits


def test_a_coordinator_who_turned_them_off_is_not_told_and_a_volunteer_is_not_asked(client, db, login,
                                                                                   programme_and_people):
    programme, (cora, camille), volunteer = programme_and_people
    login(camille)
    profile = client.get("/account/profile").get_data(as_text=True)
    assert '<input checked id="logged_hours_emails"' in profile  # on until turned off
    saved = client.post("/account/profile", data={"csrf_token": _token(client, "/account/profile"),
                                                   "name": "Camille", "locale": "fr", "locality": "",
                                                   "short_notice_emails": "y"})
    assert saved.status_code == 302
    db.expire_all()
    assert db.get(User, camille.id).logged_hours_emails is False and db.get(User, camille.id).short_notice_emails

    login(volunteer)
    assert 'id="logged_hours_emails"' not in client.get("/account/profile").get_data(as_text=True)
    client.post("/account/profile", data={"csrf_token": _token(client, "/account/profile"), "name": "Nour Haddad",
                                          "locality": "", "locale": "en"})
    db.expire_all()
    assert db.get(User, volunteer.id).logged_hours_emails is True  # not asked, so unchanged
    _log(client, programme)
    assert [message.user_id for message in _told(db)] == [cora.id]
