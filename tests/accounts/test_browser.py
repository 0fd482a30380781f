"""In a real browser: register and confirm the address, reset a forgotten password, set up two-step verification."""
from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from planner.accounts.models import Role
from planner.notifications.models import Notification
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.live]

PASSPHRASE = "lantern orchard velvet compass"
NEW_PASSPHRASE = "copper meadow harbour lantern"


def link_in_outbox(live_db, address: str, kind: str) -> str:
    """The path of the link in the newest message of this kind to this address."""
    live_db.expire_all()
    body = live_db.scalars(select(Notification.body).where(Notification.to_address == address,
                                                           Notification.kind == kind)
                           .order_by(Notification.id.desc())).first()
    live_db.rollback()  # end the read, so that the server may write
    return re.search(r"https?://[^/\s]+(/\S+)", body).group(1)


def test_register_confirm_the_address_log_out_and_log_in(live_server, live_db, page):
    email = f"browser-{uuid.uuid4().hex[:10]}@example.org"
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Register").click()
    page.get_by_label("Your name").fill("Browser Person")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSPHRASE)
    page.get_by_label("Password again").fill(PASSPHRASE)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("open the link in it to confirm your address")).to_be_visible()

    page.goto(live_server.url + link_in_outbox(live_db, email, "account.verify"))
    page.get_by_role("button", name="Confirm my address").click()
    expect(page.get_by_text("your e-mail address is confirmed")).to_be_visible()
    assert page.url.endswith("/account/profile")
    expect(page.get_by_role("link", name="Browser Person")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have logged out.")).to_be_visible()
    page.goto(f"{live_server.url}/account/profile")  # sends us to the login form, then back
    page.get_by_label("Email address").fill(email.upper())
    page.get_by_label("Password").fill("not the right one at all")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("The email address or password is not right.")).to_be_visible()
    page.get_by_label("Password").fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile("/account/profile$"))
    expect(page.get_by_text("(confirmed)")).to_be_visible()


def test_the_whole_password_reset_journey(live_server, live_db, page):
    email = f"forgetful-{uuid.uuid4().hex[:8]}@example.org"
    factories.user(name="Forgetful Person", email=email)
    live_db.commit()  # from here the test reads no record, so that it holds no transaction the server waits on
    page.goto(f"{live_server.url}/login")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    link = link_in_outbox(live_db, email, "account.password_reset")
    page.goto(live_server.url + link)
    page.get_by_label("New password", exact=True).fill(NEW_PASSPHRASE)
    page.get_by_label("New password again").fill(NEW_PASSPHRASE)
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_text("Your new password is set.")).to_be_visible()
    expect(page.get_by_role("link", name="Forgetful Person")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have logged out.")).to_be_visible()
    page.goto(live_server.url + link)  # a second use
    expect(page.get_by_text("This link has already been used.")).to_be_visible()
    page.goto(f"{live_server.url}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)  # the old password no longer works
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("The email address or password is not right.")).to_be_visible()
    page.get_by_label("Password").fill(NEW_PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_council_member_sets_up_two_step_verification_and_signs_in_with_a_code(live_server, live_db, page, clock):
    start = clock.set(datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    council = factories.council(name=f"Two-step Council {uuid.uuid4().hex[:6]}")
    email = f"member-{uuid.uuid4().hex[:8]}@example.org"
    factories.council_member(council, Role.COUNCIL_MEMBER, two_factor=False, email=email)
    queue = f"{live_server.url}/councils/{council.slug}/requests"
    live_db.commit()

    page.goto(f"{live_server.url}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile("/account/security$"))  # led to enrolment: the role needs it
    expect(page.get_by_text("Your role needs two-step verification.")).to_be_visible()
    assert page.goto(queue).status == 403  # the role is not in effect yet

    page.goto(f"{live_server.url}/account/security")
    page.get_by_role("button", name="Set up two-step verification").click()
    expect(page.locator("figure.qr-code svg")).to_be_visible()
    secret = page.locator("code.totp-key").inner_text().strip()
    page.get_by_label("Code").fill(pyotp.TOTP(secret).at(start))
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    recovery_codes = page.locator("ul.recovery-codes code").all_inner_texts()
    assert len(recovery_codes) == 10
    assert page.goto(queue).status == 200  # the role now counts

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have logged out.")).to_be_visible()
    later = clock.set(start + timedelta(minutes=2))
    page.goto(f"{live_server.url}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile("/login/code$"))
    page.get_by_label("Code").fill("000000" if pyotp.TOTP(secret).at(later) != "000000" else "111111")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#code-error")).to_contain_text("That code is not right.")
    page.get_by_label("Code").fill(pyotp.TOTP(secret).at(later))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.get_by_role("button", name="Log out").click()  # a recovery code works once, in place of the app
    expect(page.get_by_text("You have logged out.")).to_be_visible()
    for attempt in range(2):
        page.goto(f"{live_server.url}/login")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(factories.PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.get_by_label("Code").fill(recovery_codes[0])
        page.get_by_role("button", name="Continue").click()
        if attempt == 0:
            expect(page.get_by_role("button", name="Log out")).to_be_visible()
            page.get_by_role("button", name="Log out").click()
            expect(page.get_by_text("You have logged out.")).to_be_visible()
    expect(page.locator("#code-error")).to_contain_text("That code is not right.")
