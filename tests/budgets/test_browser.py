"""Item 6 end to end in a real browser: request, two votes, a recusal, a partial approval, the public page."""
from __future__ import annotations

import uuid

import pytest
from flask import url_for
from playwright.sync_api import expect

from planner.accounts.models import Role
from planner.db import session
from tests import factories
from tests.conftest import answer_code_step
from tests.budgets.conftest import build_scene

pytestmark = [pytest.mark.browser, pytest.mark.live]


def sign_in(browser, live_server, live_app, user):
    """A fresh browser tab signed in through the real login form."""
    with live_app.test_request_context():
        login_path = url_for("accounts.login")
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(live_server.url + login_path)
    tab.fill("input[name=email]", user.email)
    tab.fill("input[name=password]", factories.PASSWORD)
    tab.get_by_role("button", name="Log in").click()
    answer_code_step(tab, user.email)
    expect(tab.get_by_role("button", name="Log out")).to_be_visible()
    return tab


def test_request_votes_recusal_partial_approval_and_public_page(browser, page, live_server, live_app, live_db):
    tag = uuid.uuid4().hex[:8]
    scene = build_scene(factories, members=3, quorum=2)  # two votes decide
    recused = scene.members[2]
    factories.grant(recused, Role.COORDINATOR, organisation=scene.organisation)
    for person, name in ((scene.coordinator, "Coordinator"), (scene.chair, "Chair"), (scene.members[0], "Amina"),
                         (scene.members[1], "Bilal"), (recused, "Karim")):
        person.email = person.email_canonical = f"{name.lower()}-{tag}@example.org"
        person.name = f"{name} {tag}"
    session.commit()
    council_slug, org_name, initiative_slug = scene.council.slug, scene.organisation.name, scene.initiative.slug

    # The coordinator drafts an itemised request and submits it.
    tab = sign_in(browser, live_server, live_app, scene.coordinator)
    tab.goto(f"{live_server.url}/initiatives/{initiative_slug}/requests/new")
    tab.get_by_label("Title").fill(f"Youth workshop kits {tag}")
    tab.get_by_label("Fiscal year").select_option("2026")
    tab.get_by_label("Justification").fill("The workshops need trainers and kits.")
    tab.get_by_label("Row 1: Category").select_option("staff")
    tab.get_by_label("Row 1: Description").fill("Trainer (days)")
    tab.get_by_label("Row 1: Quantity").fill("4")
    tab.get_by_label("Row 1: Unit cost").fill("150.00")
    tab.get_by_label("Row 2: Category").select_option("materials")
    tab.get_by_label("Row 2: Description").fill("Workshop kits")
    tab.get_by_label("Row 2: Quantity").fill("20")
    tab.get_by_label("Row 2: Unit cost").fill("12.50")
    tab.get_by_role("button", name="Save draft").click()
    expect(tab.locator("[data-figure=total]")).to_have_text("JOD\u00a0850.000")  # 4 × 150 + 20 × 12.50
    tab.get_by_role("button", name="Submit to the council").click()
    expect(tab.locator("[data-status]")).to_have_text("Awaiting the council's decision")
    request_url = tab.url
    tab.context.close()

    # Two members vote.
    for member, choice in ((scene.members[0], "Approve"), (scene.members[1], "Abstain")):
        tab = sign_in(browser, live_server, live_app, member)
        tab.goto(request_url)
        tab.get_by_label(choice, exact=True).check()
        tab.get_by_label("Reason").fill(f"{choice} — considered carefully.")
        tab.get_by_role("button", name="Cast my vote").click()
        expect(tab.locator(".flashes")).to_contain_text("Your vote is recorded.")
        tab.context.close()

    # A member who coordinates the requesting organisation is shown as recused and cannot vote.
    tab = sign_in(browser, live_server, live_app, recused)
    tab.goto(request_url)
    expect(tab.locator(".recusal-notice")).to_contain_text("You are recused from this request")
    expect(tab.locator(".recusal-notice")).to_contain_text(org_name)
    expect(tab.get_by_role("button", name="Cast my vote")).to_have_count(0)
    tab.context.close()

    # The chair approves part of it.
    tab = sign_in(browser, live_server, live_app, scene.chair)
    tab.goto(request_url)
    expect(tab.locator(".recusals")).to_contain_text(f"Karim {tag} — coordinates the requesting organisation")
    tab.get_by_role("link", name="Record the decision").click()
    tab.get_by_label("Approved in part").check()
    tab.get_by_label("Amount approved (for a partial approval)").fill("600.00")
    tab.get_by_label("Reason (published with the decision)").fill(f"Kits are lent by the library {tag}.")
    tab.get_by_role("button", name="Publish the decision").click()
    expect(tab.locator(".flashes")).to_contain_text("The decision is published")
    tab.context.close()

    # An anonymous visitor sees the decision on the public budget page.
    page.goto(f"{live_server.url}/councils/{council_slug}/budget/2026")
    expect(page.locator("[data-figure=allocated]")).to_have_text("JOD\u00a0600.000")
    expect(page.locator("[data-figure=remaining]")).to_have_text("JOD\u00a09,400.000")
    row = page.locator("table.decisions-table tbody tr", has_text=f"Youth workshop kits {tag}")
    expect(row).to_contain_text("Approved in part")
    expect(row).to_contain_text("JOD\u00a0600.000")
    expect(row).to_contain_text(f"Kits are lent by the library {tag}.")
