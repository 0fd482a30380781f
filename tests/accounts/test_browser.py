"""In a real browser: register, log out and log in again through the forms."""
from __future__ import annotations

import uuid

import pytest

PASSPHRASE = "lantern orchard velvet compass"


@pytest.mark.browser
def test_register_log_out_and_log_in_through_the_forms(live_server, page):
    email = f"browser-{uuid.uuid4().hex[:10]}@example.org"
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Register").click()
    page.get_by_label("Your name").fill("Browser Person")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSPHRASE)
    page.get_by_label("Password again").fill(PASSPHRASE)
    page.get_by_role("button", name="Create account").click()
    assert page.url.endswith("/account/profile")
    assert page.get_by_role("heading", name="Your profile").is_visible()
    assert page.get_by_role("link", name="Browser Person").is_visible()

    page.get_by_role("button", name="Log out").click()
    assert page.get_by_text("You have logged out.").is_visible()
    assert page.get_by_role("link", name="Log in").is_visible()

    page.goto(f"{live_server.url}/account/profile")  # sends us to the login form, then back
    assert "/login" in page.url
    page.get_by_label("Email address").fill(email.upper())
    page.get_by_label("Password").fill("not the right one at all")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_text("The email address or password is not right.").is_visible()
    page.get_by_label("Password").fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    assert page.url.endswith("/account/profile")
    assert page.get_by_role("link", name="Browser Person").is_visible()
