"""The footer's language choice applies at once, also for a signed-in user whose profile says otherwise, and offers
to keep it in the profile."""
from __future__ import annotations

from sqlalchemy import select

from planner.accounts.models import User


def page_language(client, path: str = "/") -> str:
    html = client.get(path).get_data(as_text=True)
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def test_a_signed_in_user_switches_language_at_once_and_keeps_the_profile(client, login, make, db):
    reader = make.user(locale="ar")
    login(reader)
    assert page_language(client) == "ar"
    response = client.post("/language", data={"locale": "en", "next": "/councils"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert '<html lang="en"' in html and "Keep it in my profile" in html
    assert "This browser now shows the planner in English." in html
    assert page_language(client, "/initiatives") == "en"
    assert db.scalars(select(User.locale).where(User.id == reader.id)).one() == "ar"


def test_the_choice_can_be_kept_in_the_profile(client, login, make, db):
    reader = make.user(locale="ar")
    login(reader)
    response = client.post("/language", data={"locale": "fr", "save": "on", "next": "/"}, follow_redirects=True)
    assert "est maintenant la langue de votre profil" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(User, reader.id).locale == "fr"


def test_saving_the_profile_makes_its_language_apply_again(client, login, make, db):
    reader = make.user(locale="ar")
    login(reader)
    client.post("/language", data={"locale": "en", "next": "/"})
    assert page_language(client) == "en"
    response = client.post("/account/profile", data={"name": reader.name, "locality": "", "locale": "tr"})
    assert response.status_code == 302
    assert page_language(client) == "tr"


def test_an_anonymous_visitor_is_offered_nothing_to_save(client):
    response = client.post("/language", data={"locale": "tr", "next": "/"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert '<html lang="tr"' in html and "language-save" not in html
