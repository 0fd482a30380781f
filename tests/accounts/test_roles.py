"""Scoped role grants: administrators grant and revoke anything; chairs manage their own council only."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from planner.accounts.models import CouncilInvitation, Role, RoleGrant
from planner.audit.models import AuditEvent
from planner.notifications.models import Notification


def _live(db, user, role=None):
    statement = select(RoleGrant).where(RoleGrant.user_id == user.id, RoleGrant.revoked_at.is_(None))
    if role:
        statement = statement.where(RoleGrant.role == role)
    return db.scalars(statement).all()


def _events(db, action):
    return db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def _grant_count(db) -> int:
    return db.scalar(select(func.count()).select_from(RoleGrant))


# --- who may open the admin pages ----------------------------------------------------------


@pytest.mark.parametrize("url", ["/admin/users", "/admin/users/1", "/admin/audit"])
def test_a_non_admin_cannot_reach_admin_pages(client, login, make, url):
    person = make.user()
    council = make.council()
    make.grant(person, Role.COUNCIL_CHAIR, council=council)  # even a chair
    login(person)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ["/admin/users", "/admin/audit"])
def test_a_visitor_is_sent_to_login_from_admin_pages(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_non_admin_cannot_grant_through_the_admin_form(client, db, login, make):
    person, target = make.user(), make.user()
    login(person)
    before = _grant_count(db)
    response = client.post(f"/admin/users/{target.id}/grants", data={"role": "admin", "scope": ""})
    assert response.status_code == 403
    assert _grant_count(db) == before


# --- administrators -----------------------------------------------------------------------


def test_admin_lists_and_searches_accounts(client, login, make, admin):
    make.user(name="Findable Fatima", email="fatima.search@example.org")
    make.user(name="Other Person")
    login(admin)
    page = client.get("/admin/users?q=fatima").get_data(as_text=True)
    assert "Findable Fatima" in page and "Other Person" not in page
    by_email = client.get("/admin/users?q=FATIMA.SEARCH").get_data(as_text=True)
    assert "Findable Fatima" in by_email
    assert client.get("/admin/users?q=%25").status_code == 200  # wildcards are plain text
    assert client.get("/admin/users?page=abc").status_code == 200
    assert client.get("/admin/users?page=%C2%B2").status_code == 200


def test_admin_users_list_is_paginated(app, client, login, make, admin):
    for number in range(app.config["PAGE_SIZE"] + 3):
        make.user(name=f"Paged Person {number:02d}")
    login(admin)
    first = client.get("/admin/users?q=Paged+Person").get_data(as_text=True)
    assert "Paged Person 00" in first and "Paged Person 22" not in first
    assert "Page 1 of 2" in first
    second = client.get("/admin/users?q=Paged+Person&page=2").get_data(as_text=True)
    assert "Paged Person 22" in second


def test_a_grant_s_place_is_found_by_its_name_in_any_language_as_people_type_it(client, db, login, make, admin):
    person = make.user(name="Future Member")
    council = make.council(name="Zarqa Majlis",
                           translations={"ar": {"name": "مجلس الزرقاء"}, "fr": {"name": "Conseil de Zarqa"}})
    other = make.council(name="Irbid Majlis")
    db.commit()
    login(admin)
    for typed in ("zarqa", "CONSEIL", "الزرقا", "مجلس الزرقاء"):  # any case, another alef form, with the article
        page = client.get(f"/admin/users/{person.id}", query_string={"scope_q": typed},
                          headers={"Accept-Language": "fr"}).get_data(as_text=True)
        assert f'value="council:{council.id}"' in page and f'value="council:{other.id}"' not in page, typed
        assert ">Conseil de Zarqa<" in page, typed  # named in the reader's language


def test_admin_grants_a_coordinator_role_and_it_is_audited(client, db, login, make, admin):
    person = make.user(name="New Coordinator")
    organisation = make.organisation(name="Grant Test Organisation")
    login(admin)
    page = client.get(f"/admin/users/{person.id}?scope_q=Grant+Test").get_data(as_text=True)
    assert f'value="organisation:{organisation.id}"' in page
    response = client.post(f"/admin/users/{person.id}/grants",
                           data={"role": "coordinator", "scope": f"organisation:{organisation.id}"})
    assert response.status_code == 302
    [grant] = _live(db, person, Role.COORDINATOR)
    assert (grant.organisation_id, grant.scope_key, grant.granted_by_id) == (
        organisation.id, f"organisation:{organisation.id}", admin.id)
    [event] = [e for e in _events(db, "role.grant") if e.record_id == grant.id]
    assert (event.actor_id, event.record_type) == (admin.id, "role_grants")
    assert event.after["role"] == "coordinator" and event.after["user_id"] == person.id
    assert "Grant Test Organisation" in client.get(f"/admin/users/{person.id}").get_data(as_text=True)


def test_admin_revokes_a_grant_which_is_kept_and_audited(client, db, login, make, admin):
    person = make.user()
    council = make.council()
    grant = make.grant(person, Role.COUNCIL_MEMBER, council=council)
    login(admin)
    response = client.post(f"/admin/users/{person.id}/grants/{grant.id}/revoke")
    assert response.status_code == 302
    db.expire_all()
    kept = db.get(RoleGrant, grant.id)
    assert kept is not None and kept.revoked_at is not None and kept.revoked_by_id == admin.id
    [event] = [e for e in _events(db, "role.revoke") if e.record_id == grant.id]
    assert event.before["revoked_at"] is None and event.after["revoked_at"] not in (None, "None")
    again = client.post(f"/admin/users/{person.id}/grants/{grant.id}/revoke", follow_redirects=True)
    assert b"already removed" in again.data


@pytest.mark.parametrize("role, scope, message", [
    ("council_member", "", b"Council roles need a council"),  # a council role needs a council
    ("admin", "council:{council}", b"This role applies everywhere"),  # admin takes no scope
    ("coordinator", "council:{council}", b"one organisation or one centre"),  # a coordinator is not of a council
    ("coordinator", "organisation:999999", b"does not exist"),  # no such organisation
    ("wizard", "", b"Not a valid choice"),  # no such role
    ("council_chair", "planet:3", b"from the list"),  # malformed scope
])
def test_a_grant_whose_scope_does_not_fit_is_refused_with_a_message(client, db, login, make, admin, role, scope,
                                                                     message):
    person = make.user()
    council = make.council()
    login(admin)
    before = _grant_count(db)
    response = client.post(f"/admin/users/{person.id}/grants",
                           data={"role": role, "scope": scope.format(council=council.id)})
    assert response.status_code == 400
    assert message in response.data
    assert _grant_count(db) == before


def test_the_same_grant_twice_is_refused(client, db, login, make, admin):
    person = make.user(name="Twice Granted")
    council = make.council()
    make.grant(person, Role.COUNCIL_MEMBER, council=council)
    login(admin)
    response = client.post(f"/admin/users/{person.id}/grants",
                           data={"role": "council_member", "scope": f"council:{council.id}"})
    assert response.status_code == 400
    assert "\u2068Twice Granted\u2069 already holds this role" in response.get_data(as_text=True)  # isolated
    assert len(_live(db, person, Role.COUNCIL_MEMBER)) == 1


def test_one_user_can_hold_several_grants(client, db, login, make, admin):
    person = make.user()
    council, organisation, centre = make.council(), make.organisation(), make.centre()
    login(admin)
    for role, scope in (("council_member", f"council:{council.id}"),
                        ("coordinator", f"organisation:{organisation.id}"),
                        ("coordinator", f"centre:{centre.id}"), ("admin", "")):
        assert client.post(f"/admin/users/{person.id}/grants", data={"role": role, "scope": scope}).status_code == 302
    assert sorted(g.role.value for g in _live(db, person)) == ["admin", "coordinator", "coordinator",
                                                                "council_member"]


def test_the_last_administrator_cannot_be_removed(client, db, login, make):
    only_admin = make.user()
    db.execute(RoleGrant.__table__.update().where(RoleGrant.role == Role.ADMIN).values(revoked_at=func.now()))
    grant = make.grant(only_admin, Role.ADMIN)
    login(only_admin)
    response = client.post(f"/admin/users/{only_admin.id}/grants/{grant.id}/revoke", follow_redirects=True)
    assert b"last administrator" in response.data
    db.expire_all()
    assert db.get(RoleGrant, grant.id).revoked_at is None


# --- chairs and their council --------------------------------------------------------------


@pytest.fixture
def councils(make):
    """Council X with a chair, and council Y with its own member."""
    x, y = make.council(name="Council X"), make.council(name="Council Y")
    chair = make.user(name="Chair of X")
    make.grant(chair, Role.COUNCIL_CHAIR, council=x)
    y_member = make.user(name="Member of Y")
    y_grant = make.grant(y_member, Role.COUNCIL_MEMBER, council=y)
    return x, y, chair, y_grant


def _invitation_link(db, address: str) -> str:
    body = db.scalars(select(Notification.body).where(Notification.kind == "council.invitation",
                                                      Notification.to_address == address)
                      .order_by(Notification.id.desc())).first()
    return re.search(r"http://[^/\s]+(/invitations/\S+)", body).group(1)


def test_an_invitation_is_worded_in_the_invitees_language_with_the_names_isolated(client, db, login, make, councils):
    x, _y, chair, _ = councils
    x.translations = {"fr": {"name": "Conseil X"}}  # the council's own name in French, where it has one
    make.user(name="Nouvelle", email="nouvelle@example.org", locale="fr")
    login(chair)  # who reads English
    client.post(f"/councils/{x.slug}/members", data={"email": "nouvelle@example.org", "role": "council_treasurer"})
    mail = db.scalars(select(Notification).where(Notification.kind == "council.invitation",
                                                 Notification.to_address == "nouvelle@example.org")).one()
    assert mail.subject == "Une invitation à rejoindre \u2068Conseil X\u2069"
    assert mail.language == "fr"  # sent with its language named, laid out in its direction
    assert "\u2068Chair of X\u2069 vous invite" in mail.body and "Trésorier du conseil" in mail.body


def test_a_chair_invites_a_member_who_accepts_and_later_removes_them(client, db, login, make, councils):
    x, _y, chair, _ = councils
    newcomer = make.user(name="Newcomer", email="newcomer@example.org")
    login(chair)
    page = client.get(f"/councils/{x.slug}/members")
    assert page.status_code == 200 and b"Chair of X" in page.data
    response = client.post(f"/councils/{x.slug}/members", data={"email": " NEWCOMER@example.org", "role": "council_treasurer"})
    assert response.status_code == 302
    assert _live(db, newcomer, Role.COUNCIL_TREASURER) == []  # nothing until the person accepts
    assert b"NEWCOMER@example.org" in client.get(f"/councils/{x.slug}/members").data  # listed as open
    link = _invitation_link(db, "NEWCOMER@example.org")
    login(newcomer)
    assert b"Accept" in client.get(link).data
    assert client.post(link).status_code == 302
    [grant] = _live(db, newcomer, Role.COUNCIL_TREASURER)
    assert grant.council_id == x.id and grant.granted_by_id == chair.id
    assert [e.actor_id for e in _events(db, "role.grant") if e.record_id == grant.id] == [chair.id]
    assert client.post(link).status_code == 404  # used
    login(chair)
    assert client.post(f"/councils/{x.id}/members/{grant.id}/remove").status_code == 302
    assert _live(db, newcomer, Role.COUNCIL_TREASURER) == []
    assert [e.actor_id for e in _events(db, "role.revoke") if e.record_id == grant.id] == [chair.id]


def test_an_open_invitation_runs_until_a_day_of_the_councils_calendar(client, db, login, make, councils, clock):
    x, _y, chair, _ = councils
    clock.set(datetime(2026, 12, 31, 22, 30, tzinfo=UTC))  # 01:30 on 1 January in Amman, where council X is
    login(chair)
    client.post(f"/councils/{x.slug}/members", data={"email": "late@example.org", "role": "council_member"})
    assert "until Jan 15, 2027" in client.get(f"/councils/{x.slug}/members").get_data(as_text=True)  # 14 days on


def test_an_invitation_is_accepted_only_by_the_invited_address(client, db, login, make, councils):
    x, _y, chair, _ = councils
    login(chair)
    client.post(f"/councils/{x.slug}/members", data={"email": "invited@example.org", "role": "council_member"})
    link = _invitation_link(db, "invited@example.org")
    stranger = make.user()
    login(stranger)
    page = client.get(link)
    assert b"sent to another address" in page.data and b"Accept" not in page.data
    client.post(link)
    assert _live(db, stranger) == []


def test_a_withdrawn_invitation_no_longer_works(client, db, login, make, councils):
    x, _y, chair, _ = councils
    invited = make.user(email="later@example.org")
    login(chair)
    client.post(f"/councils/{x.slug}/members", data={"email": invited.email, "role": "council_member"})
    link = _invitation_link(db, invited.email)
    [invitation] = db.scalars(select(CouncilInvitation).where(CouncilInvitation.email_canonical == invited.email))
    assert client.post(f"/councils/{x.slug}/invitations/{invitation.id}/cancel").status_code == 302
    login(invited)
    response = client.post(link)
    assert response.status_code == 404 and b"withdrawn" in response.data
    assert _live(db, invited) == []


def test_a_chair_cannot_manage_another_council(client, db, login, make, councils):
    _x, y, chair, y_grant = councils
    newcomer = make.user()
    login(chair)
    before = _grant_count(db)
    assert client.get(f"/councils/{y.slug}/members").status_code == 403
    assert client.post(f"/councils/{y.slug}/members",
                       data={"email": newcomer.email, "role": "council_member"}).status_code == 403
    assert client.post(f"/councils/{y.slug}/members/{y_grant.id}/remove").status_code == 403
    assert client.post(f"/admin/users/{newcomer.id}/grants",
                       data={"role": "council_member", "scope": f"council:{y.id}"}).status_code == 403
    db.expire_all()
    assert _grant_count(db) == before
    assert db.get(RoleGrant, y_grant.id).revoked_at is None


def test_a_chair_cannot_remove_another_councils_grant_through_their_own_council(client, db, login, councils):
    x, _y, chair, y_grant = councils
    login(chair)
    assert client.post(f"/councils/{x.slug}/members/{y_grant.id}/remove").status_code == 404
    db.expire_all()
    assert db.get(RoleGrant, y_grant.id).revoked_at is None


def test_a_council_member_who_is_not_chair_cannot_manage_members(client, db, login, make, councils):
    x, *_ = councils
    member = make.user()
    make.grant(member, Role.COUNCIL_MEMBER, council=x)
    login(member)
    assert client.get(f"/councils/{x.slug}/members").status_code == 403


def test_a_council_has_one_chair_at_a_time(client, db, login, make, councils):
    x, _y, chair, _ = councils
    other = make.user()
    login(chair)
    response = client.post(f"/councils/{x.slug}/members", data={"email": other.email, "role": "council_chair"})
    assert response.status_code == 400
    assert b"already has a chair" in response.data
    assert _live(db, other) == []


def test_inviting_answers_the_same_for_an_address_with_or_without_an_account(client, db, login, make, councils):
    x, _y, chair, _ = councils
    known = make.user(email="known@example.org")
    login(chair)
    answers = []
    for address in (known.email, "ghost@example.org"):
        response = client.post(f"/councils/{x.slug}/members", data={"email": address, "role": "council_member"})
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        said = re.search(r"Invitation sent to [^<]*", page).group(0)
        answers.append((response.status_code, response.headers["Location"], said.replace(address, "ADDRESS")))
    assert answers[0] == answers[1]
    assert _invitation_link(db, "ghost@example.org") and _invitation_link(db, known.email)


def test_an_admin_invites_to_any_council(client, db, login, make, admin, councils):
    _x, y, _chair, _ = councils
    newcomer = make.user()
    login(admin)
    assert client.post(f"/councils/{y.slug}/members", data={"email": newcomer.email, "role": "council_chair"}).status_code == 302
    login(newcomer)
    accepted = client.post(_invitation_link(db, newcomer.email))
    assert accepted.headers["Location"].endswith("/account/security")  # the chair's role needs two-step first
    assert [g.council_id for g in _live(db, newcomer, Role.COUNCIL_CHAIR)] == [y.id]


def test_an_unknown_council_is_404(client, login, admin):
    login(admin)
    assert client.get("/councils/no-such-council/members").status_code == 404


# --- every role against every role-administration page ---------------------------------------

PAGES = ("/admin/users", "/admin/users/{person}", "/admin/audit", "/councils/{council}/members")
EXPECTED = {  # who: status for each page above, in order
    "visitor": (302, 302, 302, 302),  # sent to the login page
    "volunteer": (403, 403, 403, 403),
    "coordinator": (403, 403, 403, 403),
    "member of the council": (403, 403, 403, 403),
    "chair of another council": (403, 403, 403, 403),
    "chair of the council": (403, 403, 403, 200),
    "administrator": (200, 200, 200, 200),
}


@pytest.mark.parametrize("who", EXPECTED)
def test_role_pages_answer_each_role_as_expected(client, login, make, who):
    council, other_council = make.council(), make.council()
    person = make.user()
    grants = {
        "coordinator": (Role.COORDINATOR, {"organisation": make.organisation()}),
        "member of the council": (Role.COUNCIL_MEMBER, {"council": council}),
        "chair of another council": (Role.COUNCIL_CHAIR, {"council": other_council}),
        "chair of the council": (Role.COUNCIL_CHAIR, {"council": council}),
        "administrator": (Role.ADMIN, {}),
        "volunteer": (Role.VOLUNTEER, {}),
    }
    if who in grants:
        role, scope = grants[who]
        make.grant(person, role, **scope)
        login(person)
    statuses = tuple(client.get(page.format(person=person.id, council=council.slug)).status_code for page in PAGES)
    assert statuses == EXPECTED[who]
