"""Someone who came to help (or phoned) without an account: with their name and their agreement the coordinator
adds them anyway, an account is opened for them, and they get a link to choose a password that also confirms the
address. Nothing is opened without the agreement, and nothing is left behind when the place cannot be had."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from planner.accounts.models import User
from planner.accounts.passwords import verify_password
from planner.audit.models import AuditEvent
from planner.notifications.models import Notification
from planner.volunteering.models import Shift, Signup, SignupStatus

START = datetime(2027, 4, 10, 8, 0, tzinfo=UTC)
ADDRESS = "samir.newcomer@example.org"
PASSPHRASE = "olive lantern harbour morning"


@pytest.fixture
def shift_with_coordinator(make):
    """A three-hour shift with two places, one taken, and its coordinator."""
    programme = make.programme()
    shift = make.shift(of=programme, starts_at=START, hours=3, capacity=2, title="Harvest at the farm")
    make.signup(shift)
    return shift, make.coordinator(of=programme.organisation, name="Leila Coordinator")


def add(client, shift, follow: bool = False, **fields):
    return client.post(f"/shifts/{shift.id}/roster/sign-up", data={"email": ADDRESS, **fields},
                       follow_redirects=follow)


def account(db) -> User | None:
    return db.scalar(select(User).where(User.email_canonical == ADDRESS))


def mails_to(db, kind: str) -> list[Notification]:
    return list(db.scalars(select(Notification).where(Notification.to_address == ADDRESS, Notification.kind == kind)))


def test_someone_who_came_without_an_account_is_added_with_one_and_checked_in(client, db, login, clock,
                                                                               shift_with_coordinator):
    shift, coordinator = shift_with_coordinator
    now = clock.set(START + timedelta(minutes=20))
    login(coordinator)
    roster = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert "If they have no account yet" in roster and "They agree that we open an account for them" in roster

    answer = add(client, shift, follow=True, name=" Samir  Newcomer ", agreed="y").get_data(as_text=True)

    person = account(db)
    assert person is not None and person.name == "Samir Newcomer" and person.email_verified_at is None
    assert person.password_changed_at is None  # no password of their own yet
    [place] = db.scalars(select(Signup).where(Signup.volunteer_id == person.id)).all()
    assert place.status is SignupStatus.CONFIRMED and place.checked_in_at is not None
    assert abs(place.checked_in_at.replace(tzinfo=UTC) - now) < timedelta(minutes=1)
    assert ("\u2068Samir Newcomer\u2069 has taken a free place and is checked in. We opened an account for them and "
            "e-mailed them a link to choose a password.") in answer
    [mail] = mails_to(db, "account.opened_for")
    assert "\u2068Leila Coordinator\u2069 has opened an account" in mail.body
    assert "\u2068Harvest at the farm\u2069" in mail.body and "within 7 days" in mail.body
    assert mails_to(db, "signup.confirmed") == []  # they are there: no confirmation to read
    opened = db.scalar(select(AuditEvent).where(AuditEvent.action == "account.open_for"))
    assert (opened.actor_id, opened.record_id) == (coordinator.id, person.id)


def test_the_link_lets_them_choose_a_password_confirms_the_address_and_works_for_a_week(
        client, db, login, clock, shift_with_coordinator):
    shift, coordinator = shift_with_coordinator
    clock.set(START + timedelta(minutes=20))
    login(coordinator)
    add(client, shift, name="Samir Newcomer", agreed="y")
    [mail] = mails_to(db, "account.opened_for")
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)
    client.post("/logout")

    clock.set(START + timedelta(days=6))
    page = client.get(link).get_data(as_text=True)
    chosen = client.post(link, data={"password": PASSPHRASE, "confirm": PASSPHRASE})

    assert "Choose your password" in page and "Choose a new password" not in page
    assert chosen.status_code == 302
    db.expire_all()
    person = account(db)
    assert verify_password(person.password_hash, PASSPHRASE) and person.email_verified_at is not None
    signed_in = client.get(chosen.headers["Location"])  # they are signed in, on their own account
    assert signed_in.status_code == 200 and ADDRESS in signed_in.get_data(as_text=True)
    assert "Your password is set. Welcome!" in signed_in.get_data(as_text=True)
    assert person.password_changed_at is not None


def test_after_a_week_the_link_has_expired_and_a_reset_is_the_way_in(client, db, login, clock,
                                                                      shift_with_coordinator):
    shift, coordinator = shift_with_coordinator
    clock.set(START + timedelta(minutes=20))
    login(coordinator)
    add(client, shift, name="Samir Newcomer", agreed="y")
    link = re.search(r"https?://[^/\s]+(/\S+)", mails_to(db, "account.opened_for")[0].body).group(1)
    client.post("/logout")
    clock.set(START + timedelta(days=7, hours=1))

    late = client.post(link, data={"password": PASSPHRASE, "confirm": PASSPHRASE})

    assert late.status_code == 404 and b"This link has expired" in late.data
    assert not verify_password(account(db).password_hash, PASSPHRASE)


@pytest.mark.parametrize(("fields", "message"), [
    ({}, "No account uses this address. To add them, write their name and tick that they agree"),
    ({"name": "Samir Newcomer"}, "Tick this once they have agreed that we open an account for them."),
    ({"agreed": "y"}, "Write their name as they want it shown."),
    ({"name": "Samir Newcomer", "agreed": "y", "email": "samir at example"},
     "Enter an email address such as name@example.org."),
])
def test_nothing_is_opened_without_a_name_and_the_agreement(client, db, login, clock, shift_with_coordinator,
                                                            fields, message):
    shift, coordinator = shift_with_coordinator
    clock.set(START + timedelta(minutes=20))
    login(coordinator)

    answer = add(client, shift, **fields)

    assert answer.status_code == 400 and message in answer.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(User).where(User.name == "Samir Newcomer")) == 0
    opened_mails = select(func.count()).select_from(Notification).where(Notification.kind == "account.opened_for")
    assert db.scalar(opened_mails) == 0
    assert db.scalar(select(func.count()).select_from(Signup).where(Signup.shift_id == shift.id)) == 1


def test_when_no_place_is_free_no_account_is_left_behind(client, db, login, make, clock, shift_with_coordinator):
    shift, coordinator = shift_with_coordinator
    make.signup(db.get(Shift, shift.id))  # the second place goes too
    db.commit()
    clock.set(START + timedelta(minutes=20))
    login(coordinator)

    answer = add(client, shift, name="Samir Newcomer", agreed="y")

    assert answer.status_code == 400 and "No place on this shift is free." in answer.get_data(as_text=True)
    assert account(db) is None and mails_to(db, "account.opened_for") == []


def test_someone_who_phoned_without_an_account_is_signed_up_with_one(client, db, login, clock,
                                                                     shift_with_coordinator):
    shift, coordinator = shift_with_coordinator
    clock.set(START - timedelta(days=2))
    login(coordinator)

    answer = add(client, shift, follow=True, name="Samir Newcomer", agreed="y")

    assert "\u2068Samir Newcomer\u2069 has a place on this shift and has been told." in answer.get_data(as_text=True)
    person = account(db)
    [place] = db.scalars(select(Signup).where(Signup.volunteer_id == person.id)).all()
    assert place.status is SignupStatus.CONFIRMED and place.checked_in_at is None
    assert len(mails_to(db, "account.opened_for")) == 1 and len(mails_to(db, "signup.confirmed")) == 1


def test_an_account_that_is_switched_off_cannot_be_added_or_opened_again(client, db, login, make, clock,
                                                                         shift_with_coordinator):
    shift, coordinator = shift_with_coordinator
    make.user(name="Samir Away", email=ADDRESS, is_active=False)
    db.commit()
    clock.set(START + timedelta(minutes=20))
    login(coordinator)

    answer = add(client, shift, name="Samir Newcomer", agreed="y")

    assert answer.status_code == 400
    assert "The account with this address cannot be used." in answer.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(User).where(User.email_canonical == ADDRESS)) == 1


def test_the_account_is_written_in_the_language_the_coordinator_was_using(client, db, login, clock,
                                                                          shift_with_coordinator):
    shift, coordinator = shift_with_coordinator
    clock.set(START + timedelta(minutes=20))
    login(coordinator)

    client.post(f"/shifts/{shift.id}/roster/sign-up?lang=fr",
                data={"email": ADDRESS, "name": "Samir Newcomer", "agreed": "y"}, headers={"Accept-Language": "fr"})

    assert account(db).locale == "fr"
    [mail] = mails_to(db, "account.opened_for")
    assert mail.subject == "Votre compte sur le planificateur"


def test_the_coordinator_chooses_the_language_the_newcomer_is_written_to_in(client, db, login, make, clock):
    programme = make.programme()
    shift = make.shift(of=programme, starts_at=START, hours=3, capacity=2, title="Harvest at the farm",
                       translations={"ar": {"title": "الحصاد في المزرعة"}})
    clock.set(START + timedelta(minutes=20))
    login(make.coordinator(of=programme.organisation))
    roster = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert '<option selected value="en">English</option>' in roster  # the page's own, until changed
    assert '<option value="ar">العربية</option>' in roster

    refused = add(client, shift, name="Samir Newcomer", agreed="y", language="xx")
    assert refused.status_code == 400 and account(db) is None
    add(client, shift, name="Samir Newcomer", agreed="y", language="ar")

    assert account(db).locale == "ar"
    [mail] = mails_to(db, "account.opened_for")
    assert mail.subject == "حسابك في المخطِّط" and "\u2068الحصاد في المزرعة\u2069" in mail.body


def test_a_coordinator_opens_only_so_many_accounts_an_hour(app, client, db, login, make, clock, monkeypatch,
                                                           shift_with_coordinator):
    monkeypatch.setitem(app.config, "ACCOUNTS_OPENED_LIMIT", "2 per hour")
    shift, coordinator = shift_with_coordinator
    db.get(Shift, shift.id).capacity = 10
    db.commit()
    clock.set(START + timedelta(minutes=20))
    login(coordinator)

    answers = [client.post(f"/shifts/{shift.id}/roster/sign-up",
                           data={"email": f"newcomer{number}@example.org", "name": f"Newcomer {number}", "agreed": "y"})
               for number in range(3)]

    assert [answer.status_code for answer in answers] == [302, 302, 400]
    assert "You have opened many accounts in the last hour." in answers[2].get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(User).where(User.email.like("newcomer%"))) == 2
