"""The initiative journey in a real browser: a coordinator logs in, drafts and submits an initiative;
a council member publishes it; an anonymous visitor finds it by search."""
from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect
from flask import url_for

from planner.accounts.models import Role
from tests import factories
from tests.conftest import answer_code_step

pytestmark = pytest.mark.browser


@pytest.fixture
def people(live_app, live_db):
    """A council with a member and a centre, an organisation with a coordinator, committed in the live database."""
    run = uuid.uuid4().hex[:8]
    factories.theme("youth")
    factories.audience("youth")
    council = factories.council(f"Journey Council {run}")
    centre = factories.centre(f"Journey Centre {run}", in_council=council)
    organisation = factories.organisation(f"Journey Organisation {run}")
    coordinator = factories.coordinator(organisation, email=f"coordinator-{run}@example.org")
    member = factories.council_member(council, Role.COUNCIL_MEMBER, email=f"member-{run}@example.org")
    live_db.commit()
    with live_app.test_request_context():
        login_path = url_for("accounts.login")
    return {"run": run, "council": council.id, "centre": centre.id, "organisation": organisation.id,
            "coordinator": coordinator.email, "member": member.email, "login_path": login_path}


def log_in(page, base: str, people: dict, email: str) -> None:
    page.goto(base + people["login_path"])
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    answer_code_step(page, email)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have logged out.")).to_be_visible()


def test_draft_submit_publish_and_find(page, live_server, people):
    base, word = live_server.url, f"Quillwort{people['run']}"
    title = f"Riverside Litter Pickers {word}"

    log_in(page, base, people, people["coordinator"])
    page.goto(f"{base}/initiatives/new")
    page.select_option("#lead_organisation_id", str(people["organisation"]))
    page.fill("#title", title)
    page.fill("#summary", "Monthly clean-ups along the river path with local schools.")
    page.fill("#description", "Gloves and bags are provided; families are welcome.")
    page.select_option("#theme_key", "youth")
    page.select_option("#council_id", str(people["council"]))
    page.select_option("#venue_centre_id", str(people["centre"]))
    page.check("input[name=audience_keys][value=youth]")
    page.fill("#starts_on", "2026-05-01")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your draft was saved")).to_be_visible()

    page.goto(f"{base}/initiatives/mine")
    item = page.locator(".queue-item", has_text=title)
    item.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("is with its council for review")).to_be_visible()
    log_out(page)

    log_in(page, base, people, people["member"])
    page.goto(f"{base}/initiatives/review")
    page.locator(".queue-item", has_text=title).get_by_role("button", name="Publish").click()
    expect(page.get_by_text("The initiative is published:")).to_be_visible()
    log_out(page)

    page.goto(f"{base}/search?q={word}")
    page.get_by_role("link", name=re.compile(re.escape(title))).first.click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()  # waits for the page, however busy the machine
