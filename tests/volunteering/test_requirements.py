"""What a programme asks of its volunteers before they take a place: its coordinators name it and record who has
it; a sign-up, whoever makes it, is refused to a volunteer they have not recorded as having it on the shift's day."""
from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from planner.accounts.models import Role
from planner.audit.models import AuditEvent
from planner.notifications.models import Notification
from planner.types import RecordStatus
from planner.volunteering import management, requirements, services
from planner.volunteering.forms import RecordsFilterForm
from planner.volunteering.models import ProgrammeRequirement, RequirementMet, Signup, SignupStatus
from planner.volunteering.services import VolunteeringError
from tests.factories import PASSWORD

NOW = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def world(make, db, clock):
    """A public programme with a shift in two weeks, its coordinator, and a volunteer."""
    clock.set(NOW, tick=False)
    organisation = make.organisation()
    programme = make.programme(name="Homework club", owner=organisation)
    shift = make.shift(of=programme, starts_at=NOW + timedelta(days=14), title="Reading hour")
    coordinator, volunteer = make.user(name="Cora"), make.user(name="Nour Haddad")
    make.grant(coordinator, Role.COORDINATOR, organisation=organisation)
    db.commit()
    return programme, shift, coordinator, volunteer


def _token(client, address: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(address).get_data(as_text=True)).group(1)


def _post(client, address: str, page: str, **data):
    return client.post(address, data={"csrf_token": _token(client, page), **data})


def _ask(client, programme, name: str):
    page = f"/programmes/{programme.slug}/requirements"
    return _post(client, page, page, name=name)


def _record(client, programme, requirement_id: int, email: str, valid_until: str = ""):
    page = f"/programmes/{programme.slug}/requirements"
    return _post(client, f"{page}/met", page, requirement=str(requirement_id), emails=email, valid_until=valid_until)


def _sign_up(client, shift):
    return _post(client, f"/shifts/{shift.id}/signup", f"/shifts/{shift.id}", guests="0")


def test_a_sign_up_waits_for_the_coordinator_to_record_what_the_programme_asks(client, db, login, world):
    programme, shift, coordinator, volunteer = world
    login(coordinator)
    assert "What volunteers need" in client.get(f"/programmes/{programme.slug}").get_data(as_text=True)
    assert _ask(client, programme, "  Child   safeguarding check ").status_code == 302
    requirement = db.scalars(select(ProgrammeRequirement)).one()
    assert requirement.name == "Child safeguarding check"
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "requirement.add"))

    login(volunteer)
    page = client.get(f"/programmes/{programme.slug}").get_data(as_text=True)
    assert "Before you sign up" in page and "Child safeguarding check" in page and "not recorded for you yet" in page
    shift_page = client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    assert "Child safeguarding check" in shift_page and "You can sign up once its coordinators" in shift_page
    assert f'action="/shifts/{shift.id}/signup"' not in shift_page  # no button that would be refused
    refused = client.get(_sign_up(client, shift).headers["Location"]).get_data(as_text=True)
    assert "This programme asks its volunteers for: \u2068Child safeguarding check\u2069" in refused
    assert db.scalar(select(func.count()).select_from(Signup)) == 0

    login(coordinator)
    assert _record(client, programme, requirement.id, f" {volunteer.email.upper()}", "2027-12-31").status_code == 302
    met = db.scalars(select(RequirementMet)).one()
    assert (met.volunteer_id, met.valid_until, met.recorded_by_id) == (volunteer.id, date(2027, 12, 31), coordinator.id)
    told = db.scalars(select(Notification).where(Notification.kind == "requirement.met")).one()
    assert told.user_id == volunteer.id and "Child safeguarding check" in told.body and "December 31, 2027" in told.body
    listing = client.get(f"/programmes/{programme.slug}/requirements").get_data(as_text=True)
    assert "Nour Haddad" in listing and "Dec 31, 2027" in listing

    login(volunteer)
    assert "recorded for you, until" in client.get(f"/programmes/{programme.slug}").get_data(as_text=True)
    assert f'action="/shifts/{shift.id}/signup"' in client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    _sign_up(client, shift)
    assert db.scalars(select(Signup)).one().volunteer_id == volunteer.id


def test_a_record_must_hold_on_the_shift_s_day(app, db, world):
    programme, shift, coordinator, volunteer = world
    with app.test_request_context():
        requirement = requirements.add(coordinator, programme, "First aid course")
        requirements.record_met(coordinator, programme, requirement, volunteer.email,
                                NOW.date() + timedelta(days=13), NOW.date())
        with pytest.raises(VolunteeringError, match="First aid course"):
            services.sign_up(volunteer.id, shift.id, NOW)  # it lapses the day before the shift
        requirements.record_met(coordinator, programme, requirement, volunteer.email,
                                NOW.date() + timedelta(days=14), NOW.date())  # recorded again: until the shift's day
        assert services.sign_up(volunteer.id, shift.id, NOW).confirmed
        assert db.scalar(select(func.count()).select_from(RequirementMet)) == 1


def test_a_coordinator_cannot_give_a_place_past_it_either(app, db, make, world):
    programme, shift, coordinator, volunteer = world
    with app.test_request_context():
        requirements.add(coordinator, programme, "Police check")
        with pytest.raises(VolunteeringError, match="“What volunteers need” that \u2068Nour Haddad\u2069"):
            management.sign_up_for(coordinator, shift.id, volunteer.email, services.ALONE, NOW)
        started = make.shift(of=programme, starts_at=NOW - timedelta(hours=1))
        with pytest.raises(VolunteeringError, match="Police check"):
            services.take_free_place(volunteer.id, started.id, NOW)
    assert db.scalar(select(func.count()).select_from(Signup)) == 0


def test_the_programme_s_page_says_when_a_volunteer_s_record_lapsed(client, db, login, make, world):
    programme, shift, _coordinator, volunteer = world
    make.requirement_met(make.requirement(programme, "First aid course"), volunteer, valid_until=date(2027, 4, 30))
    make.requirement_met(make.requirement(programme, "Police check"), volunteer, valid_until=date(2027, 3, 9))
    db.commit()
    login(volunteer)
    page = client.get(f"/programmes/{programme.slug}").get_data(as_text=True)
    assert "recorded for you, until Apr 30, 2027" in page
    assert "your record lapsed on Mar 9, 2027" in page  # the day before today (March 10)
    assert "You can sign up once its coordinators" in client.get(f"/shifts/{shift.id}").get_data(as_text=True)


def test_a_shift_s_page_counts_the_shift_s_day_not_today(client, db, login, make, world):
    programme, shift, _coordinator, volunteer = world  # the shift is on March 24
    make.requirement_met(make.requirement(programme, "First aid course"), volunteer, valid_until=date(2027, 3, 20))
    db.commit()
    login(volunteer)
    assert "recorded for you, until Mar 20, 2027" in client.get(f"/programmes/{programme.slug}").get_data(as_text=True)
    page = client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    assert "your record lapses on Mar 20, 2027, before this shift" in page
    assert f'action="/shifts/{shift.id}/signup"' not in page  # its POST would be refused


def test_a_waitlist_passes_over_who_lacks_it_until_it_is_recorded(app, db, make, world):
    programme, _shift, coordinator, volunteer = world
    shift = make.shift(of=programme, capacity=1, starts_at=NOW + timedelta(days=3))
    holder, later = make.signup(shift), make.user(name="Sami")
    first = make.signup(shift, volunteer, status=SignupStatus.WAITLISTED)  # before the programme asked for anything
    second = make.signup(shift, later, status=SignupStatus.WAITLISTED)
    with app.test_request_context():
        requirement = requirements.add(coordinator, programme, "Police check")
        requirements.record_met(coordinator, programme, requirement, later.email, None, NOW.date())
        services.cancel(holder.id, NOW)
        assert (first.status, second.status) == (SignupStatus.WAITLISTED, SignupStatus.CONFIRMED)
        assert services.waitlist_position(first) == 1  # passed over, not moved back

        services.cancel(second.id, NOW)  # a place frees again; the volunteer still lacks it: it stays free
        assert first.status is SignupStatus.WAITLISTED and shift.confirmed_count == 0
        requirements.record_met(coordinator, programme, requirement, volunteer.email, None, NOW.date())
        assert first.status is SignupStatus.CONFIRMED and shift.confirmed_count == 1
        told = db.scalars(select(Notification.kind).where(Notification.user_id == volunteer.id)).all()
    assert told == ["requirement.met", "signup.promoted"]


def test_those_passed_over_take_the_places_free_once_it_is_no_longer_asked(app, db, make, world):
    programme, _shift, coordinator, volunteer = world
    shift = make.shift(of=programme, capacity=2, starts_at=NOW + timedelta(days=3))
    make.signup(shift)
    waiting = make.signup(shift, volunteer, status=SignupStatus.WAITLISTED)
    with app.test_request_context():
        requirement = requirements.add(coordinator, programme, "Police check")
        services.fill_free_places(shift, NOW)  # a place is free, but the volunteer lacks what is asked
        assert waiting.status is SignupStatus.WAITLISTED
        requirements.remove(coordinator, programme, requirement)
        assert waiting.status is SignupStatus.CONFIRMED and shift.confirmed_count == 2


def test_a_volunteer_waiting_is_told_they_are_passed_over_until_it_is_recorded(client, db, login, make, world):
    programme, shift, _coordinator, volunteer = world
    make.signup(shift, volunteer, status=SignupStatus.WAITLISTED)
    make.requirement(programme, "Police check")
    db.commit()
    login(volunteer)
    page = client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    assert "You are number 1 on the waitlist." in page and "places that come free go to those after you" in page
    assert "Police check" in page and "not recorded for you yet" in page


def test_the_roster_names_who_lacks_it_on_the_shift_s_day(client, db, login, make, world):
    programme, shift, coordinator, volunteer = world
    shift.capacity = 2
    ready, waiting = make.user(name="Sami Ready"), make.user(name="Lina Waiting")
    for person in (volunteer, ready):
        make.signup(shift, person)  # places taken before the programme asked for anything
    make.signup(shift, waiting, status=SignupStatus.WAITLISTED)
    police = make.requirement(programme, "Police check")
    make.requirement(programme, "First aid course")
    make.requirement_met(police, volunteer, valid_until=date(2027, 3, 23))  # the day before the shift
    for asked in of_programme(db, programme):
        make.requirement_met(asked, ready)
    db.commit()
    login(coordinator)
    page = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    row = page[page.index("Nour Haddad"):page.index("Sami Ready")]
    assert "Not recorded for the shift's day: \u2068First aid course\u2069, \u2068Police check\u2069" in row
    assert "Not recorded for the shift's day" not in page[page.index("Sami Ready"):page.index("Lina Waiting")]
    assert "passed over until it is recorded: \u2068First aid course\u2069" in page[page.index("Lina Waiting"):]
    assert f'href="/programmes/{programme.slug}/requirements"' in page


def of_programme(db, programme):
    return db.scalars(select(ProgrammeRequirement).where(ProgrammeRequirement.programme_id == programme.id)).all()


def test_what_is_asked_is_named_in_the_reader_s_language(client, db, login, make, world):
    programme, shift, coordinator, volunteer = world
    requirement = make.requirement(programme, "Police check")
    camille = make.user(name="Camille", locale="fr")
    volunteer.locale = "ar"
    db.commit()
    login(coordinator)
    languages = f"/languages/requirement/{requirement.id}"
    assert f'href="{languages}"' in client.get(f"/programmes/{programme.slug}/requirements").get_data(as_text=True)
    saved = _post(client, languages, languages, original_language="en", ar__name="فحص السجل الجنائي",
                  fr__name="Extrait de casier judiciaire")
    assert saved.headers["Location"].endswith(f"/programmes/{programme.slug}/requirements")
    assert _ask(client, programme, "extrait de casier JUDICIAIRE").status_code == 400  # the same, in French

    login(volunteer)
    assert "فحص السجل الجنائي" in client.get(f"/programmes/{programme.slug}").get_data(as_text=True)
    refused = client.get(_sign_up(client, shift).headers["Location"]).get_data(as_text=True)
    assert "\u2068فحص السجل الجنائي\u2069" in refused and "Police check" not in refused

    login(coordinator)
    _record(client, programme, requirement.id, camille.email)
    told = db.scalars(select(Notification).where(Notification.user_id == camille.id)).one()
    assert "Extrait de casier judiciaire" in told.subject
    assert "Police check" in client.get(f"/programmes/{programme.slug}/requirements").get_data(as_text=True)


def test_a_requirement_renamed_keeps_who_has_it_and_sets_its_languages_aside(client, db, login, make, world):
    programme, _shift, coordinator, volunteer = world
    requirement = make.requirement(programme, "Polcie check")
    make.requirement(programme, "First aid course")
    requirement.translations = {"fr": {"name": "Vérification de police"}}
    make.requirement_met(requirement, volunteer)
    volunteer.locale = "fr"
    db.commit()
    login(volunteer)
    assert "Vérification de police" in client.get(f"/programmes/{programme.slug}").get_data(as_text=True)
    login(coordinator)
    edit = f"/requirements/{requirement.id}/edit"
    assert f'href="{edit}"' in client.get(f"/programmes/{programme.slug}/requirements").get_data(as_text=True)
    assert 'value="Polcie check"' in client.get(edit).get_data(as_text=True)
    for name, message in (("  ", "Name what the programme asks for."),
                          ("first AID course", "The programme already asks for this.")):
        refused = _post(client, edit, edit, name=name)
        assert refused.status_code == 400 and message in refused.get_data(as_text=True)
    assert _post(client, edit, edit, name=" Police  check").status_code == 302

    requirement = db.get(ProgrammeRequirement, requirement.id)
    assert requirement.name == "Police check" and requirement.translations.get("fr") is None  # set aside
    assert db.scalars(select(RequirementMet.volunteer_id)).all() == [volunteer.id]
    renamed = db.scalars(select(AuditEvent).where(AuditEvent.action == "requirement.rename")).one()
    assert (renamed.before, renamed.after) == ({"name": "Polcie check"}, {"name": "Police check"})
    login(volunteer)
    page = client.get(f"/programmes/{programme.slug}").get_data(as_text=True)
    assert "Police check" in page and "Vérification de police" not in page


def test_a_volunteer_is_told_once_a_month_before_a_record_lapses(app, db, make, world):
    programme, _shift, coordinator, volunteer = world
    volunteer.locale = "fr"
    first_aid = make.requirement(programme, "First aid course")
    first_aid.translations = {"fr": {"name": "Formation aux premiers secours"}}
    met = make.requirement_met(first_aid, volunteer, valid_until=date(2027, 4, 15))  # 36 days from NOW
    make.requirement_met(make.requirement(programme, "Police check"), volunteer)  # for good: never told
    closed = make.user(is_active=False)
    make.requirement_met(first_aid, closed, valid_until=date(2027, 3, 20))
    with app.test_request_context():
        assert requirements.queue_lapse_notices(NOW) == 0  # not yet within a month
        assert requirements.queue_lapse_notices(NOW + timedelta(days=6)) == 1
        assert requirements.queue_lapse_notices(NOW + timedelta(days=7)) == 0  # told once
        told = db.scalars(select(Notification).where(Notification.kind == "requirement.lapsing")).one()
        assert told.user_id == volunteer.id
        assert told.subject == ("\u2068Formation aux premiers secours\u2069, pour \u2068Homework club\u2069\u00a0: expire le "
                                "15 avril 2027")
        assert "montrez-leur la preuve renouvelée" in told.body and f"/programmes/{programme.slug}" in told.body

        requirements.record_met(coordinator, programme, first_aid, volunteer.email, date(2028, 4, 15), NOW.date())
        assert db.get(RequirementMet, met.id).lapse_told_at is None  # recorded again: told again next time
        assert requirements.queue_lapse_notices(datetime(2028, 3, 20, tzinfo=UTC)) == 1


def test_the_door_is_told_when_someone_checked_in_lacks_it(client, clock, db, login, make, world):
    programme, shift, coordinator, volunteer = world
    lacking, ready = make.signup(shift, volunteer), make.signup(shift)  # places taken before it was asked
    make.requirement_met(make.requirement(programme, "Police check"), ready.volunteer)
    db.commit()
    clock.set(shift.starts_at - timedelta(minutes=10), tick=False)
    login(coordinator)
    for signup, warned in ((ready, False), (lacking, True)):
        done = client.post(f"/shifts/{shift.id}/check-in", data={"code": signup.checkin_code})
        page = client.get(done.headers["Location"]).get_data(as_text=True)
        assert "is checked in." in page
        assert ("\u2068Nour Haddad\u2069 is not recorded as having what the programme asks: \u2068Police check\u2069."
                in page) is warned


def test_coordinators_see_on_their_page_how_many_records_lapse_within_a_month(client, db, login, make, world):
    programme, _shift, coordinator, volunteer = world
    asked = make.requirement(programme, "First aid course")
    make.requirement_met(asked, volunteer, valid_until=date(2027, 4, 1))  # in three weeks
    make.requirement_met(asked, make.user(), valid_until=date(2027, 4, 9))  # the last day within a month
    make.requirement_met(asked, make.user(), valid_until=date(2027, 6, 1))  # later
    make.requirement_met(asked, make.user(), valid_until=date(2027, 3, 9))  # lapsed already
    make.requirement_met(asked, make.user())  # for good
    db.commit()
    login(coordinator)
    page = client.get("/me").get_data(as_text=True)
    assert f"<a href=\"/programmes/{programme.slug}/requirements?show=lapsing\">2 volunteers' records lapse within a " \
           "month</a>" in page


def test_a_volunteer_s_page_lists_the_records_to_renew(client, db, login, make, world):
    programme, _shift, _coordinator, volunteer = world
    first_aid = make.requirement(programme, "First aid course")
    ended = make.programme(name="Winter coats drive", status=RecordStatus.ARCHIVED)
    first_aid.asking.append(ended)
    make.requirement_met(first_aid, volunteer, valid_until=date(2027, 4, 1))
    make.requirement_met(make.requirement(programme, "Police check"), volunteer, valid_until=date(2027, 9, 1))
    make.requirement_met(make.requirement(programme, "Safeguarding training"), volunteer)
    db.commit()
    login(volunteer)
    page = client.get("/me").get_data(as_text=True)
    assert "Records to renew" in page and "First aid course" in page and "until Apr 1, 2027" in page
    assert f'href="/programmes/{programme.slug}"' in page.split("Records to renew")[1]
    assert "Winter coats drive" not in page  # archived: it asks nobody any more
    assert "Police check" not in page and "Safeguarding training" not in page


def test_the_records_to_renew_are_counted_from_the_reader_s_own_today(client, clock, db, login, make, world):
    programme, _shift, coordinator, volunteer = world
    asked = make.requirement(programme, "First aid course")
    make.requirement_met(asked, volunteer, valid_until=date(2027, 3, 10))  # its last day, by the UTC calendar
    for person in (volunteer, coordinator):
        person.locality_id = make.locality(timezone="Asia/Amman").id  # three hours ahead of UTC
    db.commit()
    clock.set(datetime(2027, 3, 10, 22, 30, tzinfo=UTC), tick=False)  # half past one on 11 March in Amman
    login(volunteer)
    assert "Records to renew" not in client.get("/me").get_data(as_text=True)  # lapsed where they live
    login(coordinator)
    assert "record lapses within a month" not in client.get("/me").get_data(as_text=True)


@pytest.mark.parametrize("name, message", [
    ("   ", "Name what the programme asks for."),
    ("x" * 121, "Field cannot be longer than 120 characters."),
    ("police CHECK", "The programme already asks for this."),
])
def test_what_cannot_be_asked_is_refused_beside_its_field(client, db, login, world, name, message):
    programme, _shift, coordinator, _volunteer = world
    login(coordinator)
    _ask(client, programme, "Police check")
    refused = _ask(client, programme, name)
    assert refused.status_code == 400 and message in refused.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(ProgrammeRequirement)) == 1


def test_a_programme_asks_for_at_most_ten_things(client, db, login, world):
    programme, _shift, coordinator, _volunteer = world
    login(coordinator)
    for number in range(10):
        _ask(client, programme, f"Training {number}")
    page = client.get(f"/programmes/{programme.slug}/requirements").get_data(as_text=True)
    assert "Ask for it" not in page and "the most it can" in page  # the form goes once there are ten
    refused = _ask(client, programme, "Training 11")
    assert refused.status_code == 400 and "at most 10 things" in refused.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(ProgrammeRequirement)) == 10


def test_a_record_needs_an_open_account_and_a_day_to_come(client, db, login, world):
    programme, _shift, coordinator, volunteer = world
    login(coordinator)
    _ask(client, programme, "Police check")
    requirement = db.scalars(select(ProgrammeRequirement)).one()
    for email, day, said in (("nobody@example.org", "", "No open account uses this address: \u2068nobody@example.org"),
                             (f"{volunteer.email}\nnobody@example.org, gone@example.org", "",
                              "No open account uses these addresses: \u2068nobody@example.org\u2069, "
                              "\u2068gone@example.org"),  # one unknown refuses them all
                             (" , ", "", "Give the volunteer"),
                             ("\n".join(f"v{number}@example.org" for number in range(101)), "",
                              "At most 100 addresses at once"),
                             (volunteer.email, "2027-03-09", "That day has passed"),
                             (volunteer.email, "not a day", "Not a valid date value.")):
        refused = _record(client, programme, requirement.id, email, day)
        assert refused.status_code == 400 and said in refused.get_data(as_text=True), said
    assert db.scalar(select(func.count()).select_from(RequirementMet)) == 0


def test_removing_or_withdrawing_changes_who_may_sign_up(client, db, login, world):
    programme, shift, coordinator, volunteer = world
    login(coordinator)
    _ask(client, programme, "Police check")
    _ask(client, programme, "First aid course")
    first_aid, police = db.scalars(select(ProgrammeRequirement).order_by(ProgrammeRequirement.name)).all()
    _record(client, programme, police.id, volunteer.email)
    _record(client, programme, first_aid.id, volunteer.email)
    page = f"/programmes/{programme.slug}/requirements"
    withdrawn = db.scalar(select(RequirementMet).where(RequirementMet.requirement_id == police.id))
    assert _post(client, f"{page}-met/{withdrawn.id}/withdraw", page).status_code == 302
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "requirement.withdraw"))

    login(volunteer)
    refused = client.get(_sign_up(client, shift).headers["Location"]).get_data(as_text=True)
    assert "\u2068Police check\u2069. Its coordinators" in refused  # only what is missing is named

    login(coordinator)
    assert _post(client, f"{page}/{police.id}/remove", page).status_code == 302
    assert db.scalar(select(func.count()).select_from(ProgrammeRequirement)) == 1
    login(volunteer)
    _sign_up(client, shift)
    assert db.scalar(select(func.count()).select_from(Signup)) == 1


def test_only_those_who_run_the_programme_see_and_change_it(client, db, login, make, world):
    programme, _shift, coordinator, volunteer = world
    login(coordinator)
    _ask(client, programme, "Police check")
    requirement = db.scalars(select(ProgrammeRequirement)).one()
    _record(client, programme, requirement.id, volunteer.email)
    met = db.scalars(select(RequirementMet)).one()
    outsider = make.user(name="Other Coordinator")
    make.grant(outsider, Role.COORDINATOR, organisation=make.organisation())
    db.commit()
    for person in (volunteer, outsider):
        login(person)
        assert client.get(f"/programmes/{programme.slug}/requirements").status_code == 403
        token = _token(client, "/account/profile")
        page = f"/programmes/{programme.slug}/requirements"
        for address in (f"{page}/{requirement.id}/remove", f"{page}-met/{met.id}/withdraw"):
            assert client.post(address, data={"csrf_token": token}).status_code == 403
    assert db.scalar(select(func.count()).select_from(RequirementMet)) == 1


def test_records_are_exported_and_go_with_a_closed_account(client, db, login, world):
    programme, _shift, coordinator, volunteer = world
    login(coordinator)
    _ask(client, programme, "Police check")
    _record(client, programme, db.scalars(select(ProgrammeRequirement)).one().id, volunteer.email, "2028-01-31")
    login(volunteer)
    exported = json.loads(client.post("/account/export").get_data(as_text=True))
    assert exported["requirements_met"] == [{"programme": "Homework club", "requirement": "Police check",
                                             "valid_until": "2028-01-31", "recorded_at": "2027-03-10T09:00:00+00:00"}]
    assert client.post("/account/delete", data={"password": PASSWORD, "understood": "y"}).status_code == 302
    assert db.scalar(select(func.count()).select_from(RequirementMet)) == 0


# --- one requirement asked for by several programmes of the same coordinators ----------------------------------


def _share(client, programme, requirement_id):
    page = f"/programmes/{programme.slug}/requirements"
    return _post(client, f"{page}/shared", page, requirement=str(requirement_id))


@pytest.fixture
def sibling(make, db, world):
    """A second programme of the same organisation, with a shift in two weeks."""
    programme = world[0]
    other = make.programme(name="Reading buddies", owner=db.get(type(programme), programme.id).organisation)
    shift = make.shift(of=other, starts_at=NOW + timedelta(days=14, hours=4), title="Story time")
    db.commit()
    return other, shift


def test_a_record_made_on_either_page_holds_for_every_programme_asking_for_it(client, db, login, world, sibling):
    programme, shift, coordinator, volunteer = world
    other, other_shift = sibling
    login(coordinator)
    _ask(client, programme, "Police check")
    police = db.scalars(select(ProgrammeRequirement)).one()
    form = client.get(f"/programmes/{other.slug}/requirements").get_data(as_text=True)
    assert "Ask for what another of your programmes asks" in form
    assert "\u2068Police check\u2069 (\u2068Homework club\u2069)" in form  # two names, each kept in its direction
    retyped = _ask(client, other, "police CHECK")  # asked for again by name: one record would become two
    assert retyped.status_code == 400
    assert "\u2068Homework club\u2069 asks for this already: ask for it too" in retyped.get_data(as_text=True)
    assert _share(client, other, police.id).status_code == 302
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "requirement.share"))

    login(volunteer)
    refused = client.get(_sign_up(client, other_shift).headers["Location"]).get_data(as_text=True)
    assert "This programme asks its volunteers for: \u2068Police check\u2069" in refused

    login(coordinator)
    assert _record(client, other, police.id, volunteer.email).status_code == 302  # on the second programme's page
    assert db.scalars(select(RequirementMet.requirement_id)).all() == [police.id]  # one record, not two
    told = db.scalars(select(Notification).where(Notification.kind == "requirement.met")).one()
    assert "A coordinator of \u2068Reading buddies\u2069" in told.body
    assert "It counts for the other programmes asking for it too: \u2068Homework club\u2069." in told.body
    first_page = client.get(f"/programmes/{programme.slug}/requirements").get_data(as_text=True)
    assert "Nour Haddad" in first_page
    assert "Also asked for by \u2068Reading buddies\u2069: a record holds for each." in first_page

    login(volunteer)
    _sign_up(client, shift)
    _sign_up(client, other_shift)
    assert db.scalar(select(func.count()).select_from(Signup).where(Signup.status == SignupStatus.CONFIRMED)) == 2
    assert json.loads(client.get(f"/api/v1/programmes/{other.slug}").get_data())["data"]["requirements"] == [
        "Police check"]


def test_a_shared_requirement_keeps_a_name_apart_from_all_the_programmes_asking(client, db, login, make, world,
                                                                               sibling):
    programme, _shift, coordinator, _volunteer = world
    other, _other_shift = sibling
    police = make.requirement(programme, "Police check")
    police.asking.append(db.get(type(other), other.id))
    make.requirement(other, "First aid course")  # asked for by the second programme alone
    make.requirement(make.programme(), "Police record check")  # by a programme that does not ask for it
    db.commit()
    login(coordinator)
    edit = f"/requirements/{police.id}/edit"
    refused = _post(client, edit, edit, name="first aid COURSE")
    assert refused.status_code == 400 and "The programme already asks for this." in refused.get_data(as_text=True)
    assert _post(client, edit, edit, name="Police record check").status_code == 302
    assert [item.name for item in requirements.of_programme(other.id)] == ["First aid course", "Police record check"]


def test_only_what_the_coordinator_s_other_programmes_ask_may_be_shared(client, db, login, make, world, sibling):
    programme, _shift, coordinator, _volunteer = world
    other, _other_shift = sibling
    elsewhere = make.requirement(make.programme(name="Not theirs"), "Police check")  # another organisation's
    own = make.requirement(programme, "First aid course")
    make.requirement(other, "first AID course")  # the same name, asked for under its own requirement
    db.commit()
    login(coordinator)
    page = client.get(f"/programmes/{other.slug}/requirements").get_data(as_text=True)
    assert "Not theirs" not in page
    assert _share(client, other, elsewhere.id).status_code == 400
    clash = _share(client, other, own.id)
    assert clash.status_code == 400
    assert "The programme already asks for something of this name" in clash.get_data(as_text=True)
    assert [item.name for item in requirements.of_programme(other.id)] == ["first AID course"]


def test_a_programme_that_stops_asking_leaves_the_others_their_records(client, db, login, make, world, sibling):
    programme, shift, coordinator, volunteer = world
    other, other_shift = sibling
    police = make.requirement(programme, "Police check")
    police.asking.append(db.get(type(other), other.id))
    make.requirement_met(police, make.user(name="Hana"))
    waiting = make.signup(make.shift(of=other, capacity=1, starts_at=NOW + timedelta(days=3)), volunteer,
                          status=SignupStatus.WAITLISTED)  # passed over while the second programme asks for it
    db.commit()
    login(coordinator)
    page = f"/programmes/{other.slug}/requirements"
    assert _post(client, f"/programmes/{programme.slug}/requirements/{police.id}/remove",
                 f"/programmes/{programme.slug}/requirements").status_code == 302  # the first stops asking
    assert [item.name for item in requirements.of_programme(other.id)] == ["Police check"]
    assert requirements.of_programme(programme.id) == []
    assert db.scalar(select(func.count()).select_from(RequirementMet)) == 1
    assert db.get(Signup, waiting.id).status is SignupStatus.WAITLISTED

    assert _post(client, f"{page}/{police.id}/remove", page).status_code == 302  # the last stops asking
    assert db.scalar(select(func.count()).select_from(ProgrammeRequirement)) == 0
    assert db.scalar(select(func.count()).select_from(RequirementMet)) == 0
    assert db.get(Signup, waiting.id).status is SignupStatus.CONFIRMED


def test_another_programme_s_requirement_is_not_found_at_this_one_s_address(client, db, login, make, world, sibling):
    programme, _shift, coordinator, volunteer = world
    other, _other_shift = sibling
    police = make.requirement(programme, "Police check")
    met = make.requirement_met(police, volunteer)
    db.commit()
    login(coordinator)
    page = f"/programmes/{other.slug}/requirements"  # a programme they run, which does not ask for it
    assert _post(client, f"{page}/{police.id}/remove", page).status_code == 404
    assert _post(client, f"{page}-met/{met.id}/withdraw", page).status_code == 404
    assert db.scalar(select(func.count()).select_from(RequirementMet)) == 1


def test_a_record_shared_lapses_once_for_all_its_programmes(app, client, db, login, make, world, sibling):
    programme, _shift, coordinator, volunteer = world
    other, _other_shift = sibling
    police = make.requirement(programme, "Police check")
    police.asking.append(db.get(type(other), other.id))
    make.requirement_met(police, volunteer, valid_until=date(2027, 3, 30))
    db.commit()
    with app.test_request_context():
        assert requirements.lapsing_by_programme([programme.id, other.id], NOW.date()) == {programme.id: 1,
                                                                                          other.id: 1}
        assert requirements.queue_lapse_notices(NOW) == 1
        told = db.scalars(select(Notification).where(Notification.kind == "requirement.lapsing")).one()
    assert told.subject == "\u2068Police check\u2069, for \u2068Homework club\u2069, \u2068Reading buddies\u2069: " \
                           "it lapses on March 30, 2027"
    login(volunteer)
    planner = client.get("/me").get_data(as_text=True)
    assert f'href="/programmes/{programme.slug}"' in planner and f'href="/programmes/{other.slug}"' in planner


def test_a_whole_class_is_recorded_at_once_and_each_volunteer_told(client, db, login, make, world):
    programme, _shift, coordinator, volunteer = world
    classmates = [make.user(name=f"Trainee {number}") for number in range(3)]
    waiting = make.signup(make.shift(of=programme, capacity=1, starts_at=NOW + timedelta(days=3)), classmates[2],
                          status=SignupStatus.WAITLISTED)  # passed over until it is recorded
    police = make.requirement(programme, "First aid course")
    make.requirement_met(police, volunteer, valid_until=date(2027, 6, 30))
    db.commit()
    login(coordinator)
    typed = f"{classmates[0].email}, {classmates[1].email.upper()}\n\n{classmates[2].email}; {volunteer.email}\n" \
            f"{classmates[0].email}"  # commas, semicolons, blank lines, capitals, one address twice
    done = _record(client, programme, police.id, typed, "2029-03-31")
    assert done.status_code == 302
    assert "Recorded: 4 volunteers have \u2068First aid course\u2069. Each has been told." in client.get(
        done.headers["Location"]).get_data(as_text=True)
    records = db.scalars(select(RequirementMet).order_by(RequirementMet.volunteer_id)).all()
    assert [(met.volunteer_id, met.valid_until) for met in records] == sorted(
        (person.id, date(2029, 3, 31)) for person in [volunteer, *classmates])  # the earlier record's day changed
    told = db.scalars(select(Notification.user_id).where(Notification.kind == "requirement.met")).all()
    assert sorted(told) == sorted(person.id for person in [volunteer, *classmates])
    assert db.get(Signup, waiting.id).status is SignupStatus.CONFIRMED


def test_the_records_lapsing_within_a_month_are_one_click_from_my_planner(client, db, login, make, world):
    programme, _shift, coordinator, volunteer = world
    police = make.requirement(programme, "Police check")
    make.requirement_met(police, volunteer, valid_until=date(2027, 3, 25))  # within a month of NOW
    make.requirement_met(police, make.user(name="Salma Idrissi"), valid_until=date(2027, 3, 1))  # lapsed
    make.requirement_met(police, make.user(name="Omar Farouk"))  # for good
    db.commit()
    login(coordinator)
    planner = client.get("/me").get_data(as_text=True)
    lapsing = f"/programmes/{programme.slug}/requirements?show=lapsing"
    assert f'href="{lapsing}"' in planner

    page = client.get(lapsing).get_data(as_text=True)
    assert "Nour Haddad" in page and "Salma Idrissi" not in page and "Omar Farouk" not in page
    assert "Lapsing within a month (1)" in page and "Lapsed (1)" in page and "Every record (3)" in page
    lapsed = client.get(f"/programmes/{programme.slug}/requirements?show=lapsed").get_data(as_text=True)
    assert "Salma Idrissi" in lapsed and "Nour Haddad" not in lapsed
    found = client.get(f"/programmes/{programme.slug}/requirements?q=farouk").get_data(as_text=True)
    assert "Omar Farouk" in found and "Nour Haddad" not in found
    nothing = client.get(f"/programmes/{programme.slug}/requirements?q=nobody&show=odd").get_data(as_text=True)
    assert "No record is found" in nothing
    for view in RecordsFilterForm.VIEWS:  # each view the finder offers is one the records' query knows
        assert client.get(f"/programmes/{programme.slug}/requirements?show={view}").status_code == 200
    assert set(RecordsFilterForm.VIEWS) == set(requirements.RECORD_VIEWS)
