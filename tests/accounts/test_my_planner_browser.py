"""In a real browser: each role logs in, lands on My planner and goes from there straight to its work."""
from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from planner.budgets.models import RequestStatus
from planner.db import session
from tests import factories
from tests.budgets.conftest import build_scene
from tests.budgets.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_coordinator_goes_from_my_planner_to_a_new_programme_and_its_first_shift(browser, live_server, live_app,
                                                                                 live_db):
    tag = uuid.uuid4().hex[:8]
    organisation = factories.organisation(f"Loom Makers {tag}")
    factories.initiative(f"Loom school {tag}", lead=organisation)
    coordinator = factories.coordinator(organisation, email=f"cora-{tag}@example.org")
    session.commit()
    tab = sign_in(browser, live_server, live_app, coordinator)
    expect(tab).to_have_url(re.compile(r"/me$"))  # logging in lands on My planner
    expect(tab.get_by_role("heading", level=1)).to_have_text("My planner")
    section = tab.get_by_role("region", name=f"Loom Makers {tag}")
    section.get_by_role("link", name="New volunteer programme").click()
    tab.get_by_label("Name").fill(f"Loom menders {tag}")
    tab.get_by_label("Summary").fill("Volunteers who mend the school's looms.")
    tab.get_by_role("button", name="Save").click()
    expect(tab.locator(".flashes")).to_contain_text("The programme is created. Add its first shift.")
    tab.get_by_label("Title").fill(f"Saturday mending {tag}")
    tab.get_by_label("Starts").fill("2030-05-04T10:00")
    tab.get_by_label("Ends").fill("2030-05-04T13:00")
    tab.get_by_label("Places").fill("6")
    tab.get_by_role("button", name="Save").click()
    expect(tab.get_by_text(f"Saturday mending {tag}").first).to_be_visible()
    expect(tab.locator(".flashes")).to_be_visible()
    tab.context.close()


def test_member_votes_and_chair_decides_from_my_planner(browser, live_server, live_app, live_db):
    tag = uuid.uuid4().hex[:8]
    scene = build_scene(factories, members=2, quorum=1)
    factories.budget_request(for_initiative=scene.initiative, status=RequestStatus.SUBMITTED,
                                       title=f"Looms {tag}")
    for person, name in ((scene.chair, "Chair"), (scene.members[0], "Amina")):
        person.email = person.email_canonical = f"{name.lower()}-{tag}@example.org"
    session.commit()

    tab = sign_in(browser, live_server, live_app, scene.members[0])
    expect(tab.locator(".work-counts")).to_contain_text("1 request awaits your vote")
    tab.get_by_role("link", name=f"Looms {tag}").click()
    tab.get_by_label("Approve", exact=True).check()
    tab.get_by_label("Reason").fill("A sound plan.")
    tab.get_by_role("button", name="Cast my vote").click()
    expect(tab.locator(".flashes")).to_contain_text("Your vote is recorded.")
    tab.context.close()

    tab = sign_in(browser, live_server, live_app, scene.chair)
    expect(tab.locator(".work-counts")).to_contain_text("1 decision waits for you")
    tab.locator("#councils").get_by_role("link", name=f"Looms {tag}").last.click()
    tab.get_by_label("Approved in full").check()
    tab.get_by_label("Reason (published with the decision)").fill(f"Approved at the session {tag}.")
    tab.get_by_role("button", name="Publish the decision").click()
    expect(tab.locator(".flashes")).to_contain_text("The decision is published")
    tab.context.close()
