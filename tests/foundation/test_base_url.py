"""Absolute links come from the configured base URL, never from the Host header a client sends; production
refuses requests for a host it does not serve."""
from __future__ import annotations

import pytest
from icalendar import Calendar
from sqlalchemy import select

from planner import create_app
from planner.accounts.models import Role
from planner.config import settings_from_environment
from planner.db import engine_of
from planner.initiatives.models import InitiativeStatus
from planner.notifications.models import Notification

BASE = "https://planner.example.org"
FORGED = {"Host": "attacker.example"}


@pytest.fixture
def base_url(app):
    before = app.config["BASE_URL"]
    app.config["BASE_URL"] = BASE
    yield BASE
    app.config["BASE_URL"] = before


def test_calendar_links_and_identifiers_ignore_a_forged_host(client, make, db, base_url):
    programme = make.programme(name="Beach clean")
    shift = make.shift(of=programme, title="Saturday sweep")
    db.commit()
    response = client.get(f"/programmes/{programme.slug}/shifts.ics", headers=FORGED)
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    assert str(event.get("url")) == f"{BASE}/shifts/{shift.id}"
    assert str(event.get("uid")) == f"shift-{shift.id}@planner.example.org"
    assert b"attacker" not in response.data
    assert "public" not in response.headers["Cache-Control"]


def test_api_links_ignore_a_forged_host(client, make, db, base_url):
    council = make.council("Forged Host Council")
    make.council("Another Council")
    db.commit()
    body = client.get(f"/api/v1/councils/{council.slug}", headers=FORGED).get_data(as_text=True)
    assert f"{BASE}/councils/{council.slug}" in body and "attacker" not in body
    listing = client.get("/api/v1/councils?limit=1", headers=FORGED).get_json()
    assert listing["links"]["next"].startswith(BASE + "/api/v1/councils")


def test_links_in_e_mail_come_from_the_base_url_not_the_requests_host(client, login, make, db, base_url):
    council = make.council()
    organisation = make.organisation()
    coordinator, member = make.user(), make.user()
    make.grant(coordinator, Role.COORDINATOR, organisation=organisation)
    make.grant(member, Role.COUNCIL_MEMBER, council=council)
    initiative = make.initiative(in_council=council, lead=organisation, status=InitiativeStatus.SUBMITTED)
    login(member)
    assert client.post(f"/initiatives/{initiative.slug}/publish").status_code == 302  # asked of http://localhost
    mail = db.scalars(select(Notification).where(Notification.kind == "initiative.published")).one()
    assert f"{BASE}/initiatives/{initiative.slug}" in mail.body and "localhost" not in mail.body


def test_the_development_default_is_the_local_server(monkeypatch, tmp_path):
    monkeypatch.delenv("PLANNER_BASE_URL", raising=False)
    monkeypatch.setenv("PORT", "5123")
    settings = settings_from_environment(tmp_path)
    assert settings["BASE_URL"] == "http://127.0.0.1:5123" and settings["TRUSTED_HOSTS"] is None


@pytest.mark.parametrize("value", ["", "planner.example.org", "ftp://planner.example.org", "https://x.org/?a=1"])
def test_production_needs_a_proper_base_url(monkeypatch, tmp_path, value):
    monkeypatch.setenv("PLANNER_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-production-secret")
    monkeypatch.setenv("PLANNER_BASE_URL", value)
    with pytest.raises(RuntimeError, match="PLANNER_BASE_URL"):
        settings_from_environment(tmp_path)


def test_production_refuses_a_host_it_does_not_serve(monkeypatch, tmp_path, databases):
    monkeypatch.setenv("PLANNER_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-production-secret")
    monkeypatch.setenv("PLANNER_BASE_URL", BASE)
    monkeypatch.setenv("PLANNER_TRUSTED_HOSTS", "planner-internal.example.org")
    monkeypatch.setenv("SMTP_URL", "smtp://127.0.0.1:2525")
    app = create_app({"DATABASE_URL": databases.migrated("production_hosts")})
    try:
        client = app.test_client()
        refused = client.get("/healthz", headers=FORGED)
        assert refused.status_code == 400 and "Traceback" not in refused.get_data(as_text=True)
        assert "does not answer for that host name" in refused.get_data(as_text=True)
        french = client.get("/healthz", headers={**FORGED, "Accept-Language": "fr"}).get_data(as_text=True)
        assert "Ce site ne répond pas pour ce nom d’hôte." in french
        assert client.get("/healthz", headers={"Host": "planner.example.org"}).status_code == 200
        assert client.get("/healthz", headers={"Host": "planner-internal.example.org"}).status_code == 200
    finally:
        engine_of(app).dispose()


@pytest.mark.parametrize("host", ["a" * 300, "planner." + "b" * 70 + ".example.org"])
def test_a_host_name_no_address_can_be_built_on_is_refused_in_words(client, host):
    """A label longer than 63 characters cannot be written as a domain name: the error page has no address to
    link to, and says so in plain words rather than failing."""
    refused = client.get("/initiatives", headers={"Host": host, "Accept-Language": "fr"})
    assert refused.status_code == 400
    assert "Ce site ne répond pas pour ce nom d’hôte." in refused.get_data(as_text=True)
