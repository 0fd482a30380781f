"""Changing one's password (other browsers are signed out) and editing one's profile."""
from __future__ import annotations

from planner.accounts.models import Role, User
from planner.accounts.passwords import verify_password
from planner.vocab.models import Skill
from tests.accounts.conftest import form_login, session_cookie
from tests.factories import PASSWORD

NEW = "lantern orchard velvet compass"


def _change(client, current=PASSWORD, new=NEW, confirm=None):
    return client.post("/account/password", data={"current_password": current, "new_password": new,
                                                  "confirm": confirm if confirm is not None else new})


def test_password_change_rehashes_and_the_new_password_works(client, db, make):
    person = make.user()
    form_login(client, person.email)
    response = _change(client)
    assert response.status_code == 302
    db.expire_all()
    user = db.get(User, person.id)
    assert verify_password(user.password_hash, NEW)
    assert user.password_changed_at is not None
    client.post("/logout")
    assert form_login(client, person.email, PASSWORD).status_code == 200
    assert form_login(client, person.email, NEW).status_code == 302


def test_password_change_signs_out_every_other_browser_but_keeps_this_one(app, client, make):
    person = make.user(name="Two Browsers")
    other_browser = app.test_client()
    form_login(other_browser, person.email)
    form_login(client, person.email)
    old_cookie = session_cookie(client)
    assert _change(client).status_code == 302
    assert session_cookie(client) != old_cookie  # this browser got a fresh session
    assert client.get("/account/profile").status_code == 200
    assert other_browser.get("/account/profile").status_code == 302
    assert b"Two Browsers" not in other_browser.get("/").data
    replay = app.test_client()
    replay.set_cookie("session", old_cookie)
    assert replay.get("/account/profile").status_code == 302


def test_wrong_current_password_changes_nothing(client, db, make):
    person = make.user()
    form_login(client, person.email)
    response = _change(client, current="not my password at all")
    assert response.status_code == 200
    assert b"Your current password is not right." in response.data
    db.expire_all()
    assert verify_password(db.get(User, person.id).password_hash, PASSWORD)


def test_a_weak_new_password_is_refused(client, db, make):
    person = make.user()
    form_login(client, person.email)
    response = _change(client, new="password123")
    assert b"commonly used passwords" in response.data
    db.expire_all()
    assert verify_password(db.get(User, person.id).password_hash, PASSWORD)
    assert client.get("/account/profile").status_code == 200  # still signed in


def test_profile_shows_and_saves_languages_skills_locality_and_preferences(client, db, make):
    place = make.locality(name="Zarqa Test")
    skill = db.get(Skill, "test-skill") or Skill(key="test-skill", name="Test skill")
    db.add(skill)
    db.flush()
    person = make.user(name="Old Name")
    form_login(client, person.email)
    page = client.get("/account/profile")
    assert page.status_code == 200
    assert b"Old Name" in page.data and b"Zarqa Test" in page.data and b"Test skill" in page.data
    response = client.post("/account/profile", data={
        "name": "New Name", "languages": ["ar", "ur", "en"], "skills": ["test-skill"],
        "locality": str(place.id), "locale": "ar", "show_hijri": "y"})
    assert response.status_code == 302
    db.expire_all()
    user = db.get(User, person.id)
    assert (user.name, user.languages, [s.key for s in user.skills]) == ("New Name", ["ar", "en", "ur"], ["test-skill"])
    assert (user.locality_id, user.locale, user.show_hijri) == (place.id, "ar", True)
    assert b'dir="rtl"' in client.get("/").data  # the interface language follows the profile


def test_profile_refuses_values_not_on_the_lists(client, db, make):
    person = make.user(name="Kept Name")
    form_login(client, person.email)
    for bad in ({"languages": ["xx"]}, {"skills": ["no-such-skill"]}, {"locality": "999999"}, {"locale": "de"},
                {"name": ""}):
        response = client.post("/account/profile", data={"name": "Changed", **bad})
        assert response.status_code == 200, bad
        assert b'class="error' in response.data, bad
    db.expire_all()
    assert db.get(User, person.id).name == "Kept Name"


def test_profile_lists_the_roles_held(client, make):
    person = make.user()
    council = make.council(name="Roles Council")
    make.grant(person, Role.COUNCIL_TREASURER, council=council)
    form_login(client, person.email)
    page = client.get("/account/profile").get_data(as_text=True)
    assert "Council treasurer: <bdi>Roles Council</bdi>" in page


def test_volunteers_see_their_language_names(client, make):
    person = make.user()
    form_login(client, person.email)
    page = client.get("/account/profile").get_data(as_text=True)
    assert "Urdu" in page and "Persian" in page and "Arabic" in page


def test_profile_and_password_pages_need_a_login(client):
    for url in ("/account/profile", "/account/password"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    assert client.post("/account/profile", data={"name": "x"}).status_code == 302


def test_a_telephone_number_is_read_as_typed_where_one_lives_and_kept_in_one_form(client, db, make):
    jordan = make.locality(name="Zarqa Test", country_code="JO")
    person = make.user(name="Rania")
    form_login(client, person.email)
    profile = {"name": "Rania", "locality": str(jordan.id), "locale": "en"}

    assert client.post("/account/profile", data={**profile, "phone": "٠٧٩ ١٢٣ ٤٥٦٧"}).status_code == 302
    db.expire_all()
    assert db.get(User, person.id).phone == "+962791234567"  # Jordan's 07…, typed in Arabic-Indic digits
    page = client.get("/account/profile").get_data(as_text=True)
    assert 'value="+962 7 9123 4567"' in page and 'type="tel"' in page
    assert client.post("/account/profile", data={**profile, "phone": "+90 532 123 45 67"}).status_code == 302
    db.expire_all()
    assert db.get(User, person.id).phone == "+905321234567"

    for typed, said in (("12345", "can be dialled"), ("call me", "does not read as a telephone number")):
        refused = client.post("/account/profile", data={**profile, "name": "Changed", "phone": typed})
        assert refused.status_code == 200 and said in refused.get_data(as_text=True), typed
    refused = client.post("/account/profile", data={**profile, "locality": "", "phone": "0791234567"})
    assert "Start the number with + and its country" in refused.get_data(as_text=True)
    db.expire_all()
    assert (db.get(User, person.id).name, db.get(User, person.id).phone) == ("Rania", "+905321234567")
    assert client.post("/account/profile", data={**profile, "phone": ""}).status_code == 302
    db.expire_all()
    assert db.get(User, person.id).phone is None


def test_someone_to_call_in_an_emergency_is_a_name_and_a_number_together(client, db, make):
    jordan = make.locality(name="Zarqa Test", country_code="JO")
    person = make.user(name="Rania")
    form_login(client, person.email)
    profile = {"name": "Rania", "locality": str(jordan.id), "locale": "en"}
    saved = client.post("/account/profile", data={**profile, "emergency_name": "  Samir   Haddad ",
                                                  "emergency_phone": "079 123 4567"})
    assert saved.status_code == 302
    db.expire_all()
    assert (db.get(User, person.id).emergency_name, db.get(User, person.id).emergency_phone) == (
        "Samir Haddad", "+962791234567")
    assert 'value="+962 7 9123 4567"' in client.get("/account/profile").get_data(as_text=True)

    for fields, said in (({"emergency_name": "Leila", "emergency_phone": ""}, "Give their telephone too"),
                         ({"emergency_name": "", "emergency_phone": "+90 532 123 45 67"}, "Give their name too"),
                         ({"emergency_name": "Leila", "emergency_phone": "12345"}, "can be dialled")):
        refused = client.post("/account/profile", data={**profile, **fields})
        assert refused.status_code == 200 and said in refused.get_data(as_text=True), fields
    db.expire_all()
    assert db.get(User, person.id).emergency_name == "Samir Haddad"
    assert client.post("/account/profile", data=profile).status_code == 302  # both cleared
    db.expire_all()
    assert (db.get(User, person.id).emergency_name, db.get(User, person.id).emergency_phone) == ("", None)
