"""Security of the account pages: headers, cookie flags, CSRF, and names that try to inject markup."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from planner.accounts.models import Role, RoleGrant, User
from planner.audit.services import record_event
from planner.config import settings_from_environment
from tests.accounts.conftest import form_login
from tests.factories import PASSWORD

SCRIPT_NAME = "<script>alert(1)</script>"
ATTRIBUTE_NAME = '"><img src=x onerror=alert(1)>'


def _csrf_token(page: bytes) -> str:
    return re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()


# --- headers and cookies -------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/login", "/register", "/logout", "/no-such-page"])
def test_every_page_carries_the_security_headers(client, url):
    headers = client.get(url).headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_the_throttled_page_carries_the_headers_too(client, make):
    email = make.user().email  # read now: each refused login rolls its own unit of work back
    for _ in range(6):
        response = form_login(client, email, "wrong password here")
    assert response.status_code == 429
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "wait 15 minutes" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/login", "/register", "/account/profile", "/account/password", "/admin/users",
                                 "/admin/audit"])
def test_account_pages_have_no_inline_script_or_style(client, login, make, url):
    person = make.user()
    make.grant(person, Role.ADMIN)
    login(person)
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None
    assert " style=" not in page and re.search(r"\son[a-z]+=", page) is None
    assert '="None"' not in page  # no attribute rendered from a missing value (aria-describedby, aria-invalid)


def test_the_session_cookie_is_httponly_and_samesite_lax(client, make):
    person = make.user()
    cookie = form_login(client, person.email).headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development serves plain HTTP


def test_the_session_cookie_is_secure_when_the_config_says_so(app, client, make, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    person = make.user()
    cookie = form_login(client, person.email).headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_settings_make_cookies_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANNER_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-production-secret")
    monkeypatch.setenv("PLANNER_BASE_URL", "https://planner.example.org")
    settings = settings_from_environment(tmp_path)
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["SESSION_COOKIE_SAMESITE"] == "Lax"


# --- CSRF ----------------------------------------------------------------------------------


def test_login_without_a_csrf_token_is_refused(client, make, csrf_on):
    person = make.user()
    response = client.post("/login", data={"email": person.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/account/profile").status_code == 302


def test_login_with_the_csrf_token_works(client, make, csrf_on):
    person = make.user()
    token = _csrf_token(client.get("/login").data)
    response = client.post("/login", data={"email": person.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def test_register_without_a_csrf_token_creates_nothing(client, db, csrf_on):
    before = db.scalar(select(func.count()).select_from(User))
    response = client.post("/register", data={"name": "No Token", "email": "no-token@example.org",
                                              "password": "lantern orchard velvet compass",
                                              "confirm": "lantern orchard velvet compass"})
    assert response.status_code == 400
    assert db.scalar(select(func.count()).select_from(User)) == before


def test_grant_without_a_csrf_token_changes_nothing(client, db, login, make, csrf_on):
    admin, person = make.user(), make.user()
    make.grant(admin, Role.ADMIN)
    login(admin)
    response = client.post(f"/admin/users/{person.id}/grants", data={"role": "admin", "scope": ""})
    assert response.status_code == 400
    assert db.scalars(select(RoleGrant).where(RoleGrant.user_id == person.id)).all() == []


def test_logout_without_a_csrf_token_keeps_the_session(client, login, make, csrf_on):
    person = make.user()
    login(person)
    assert client.post("/logout").status_code == 400
    assert client.get("/account/profile").status_code == 200


def test_password_change_without_a_csrf_token_changes_nothing(client, db, login, make, csrf_on):
    person = make.user()
    login(person)
    old_hash = person.password_hash
    response = client.post("/account/password", data={"current_password": PASSWORD,
                                                      "new_password": "lantern orchard velvet compass",
                                                      "confirm": "lantern orchard velvet compass"})
    assert response.status_code == 400
    db.expire_all()
    assert db.get(User, person.id).password_hash == old_hash


# --- names that carry markup ---------------------------------------------------------------


@pytest.fixture(params=[SCRIPT_NAME, ATTRIBUTE_NAME], ids=["script", "attribute"])
def hostile(request, make):
    """An admin whose name tries to inject markup, with an audit event and a council seat to show it."""
    person = make.user(name=request.param)
    make.grant(person, Role.ADMIN)
    council = make.council()
    grant = make.grant(person, Role.COUNCIL_CHAIR, council=council)
    record_event(person, "role.grant", grant, after={"note": request.param}, comment=request.param)
    return person, council


def _assert_escaped(page: str, name: str) -> None:
    assert name not in page
    assert "<script>alert" not in page and "<img src=x" not in page
    escaped = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
    assert escaped in page


def test_a_hostile_name_is_escaped_on_every_page_that_shows_names(client, login, hostile):
    person, council = hostile
    login(person)
    pages = {
        "header": "/",
        "profile": "/account/profile",
        "admin users list": "/admin/users",
        "admin user page": f"/admin/users/{person.id}",
        "audit log": "/admin/audit",
        "council members": f"/councils/{council.slug}/members",
    }
    for label, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, label
        _assert_escaped(response.get_data(as_text=True), person.name)


def test_a_hostile_name_is_stored_as_typed_and_shown_escaped(client, db):
    response = client.post("/register", data={"name": SCRIPT_NAME, "email": "hostile@example.org",
                                              "password": "lantern orchard velvet compass",
                                              "confirm": "lantern orchard velvet compass"})
    assert response.status_code == 302
    assert db.scalars(select(User.name).where(User.email_canonical == "hostile@example.org")).one() == SCRIPT_NAME
    client.post("/login", data={"email": "hostile@example.org", "password": "lantern orchard velvet compass"})
    _assert_escaped(client.get("/account/profile").get_data(as_text=True), SCRIPT_NAME)
