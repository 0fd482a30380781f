"""In a real browser: several choices are ticked in a checkbox group (no Ctrl-click), and a long group can be
narrowed by typing."""
from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from planner.db import session
from tests import factories
from tests.budgets.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_a_long_list_of_skills_narrows_as_one_types_and_keeps_what_is_ticked(browser, live_server, live_app,
                                                                            live_db):
    tag = uuid.uuid4().hex[:6]
    names = ["Carpentry", "Cooking", "Driving", "First aid", "Gardening", "Painting", "Plastering", "Sewing",
             "Teaching", "Translation"]
    for name in names:
        factories.skill(f"{name.lower().replace(' ', '-')}-{tag}", f"{name} {tag}")
    organisation = factories.organisation(f"Menders {tag}")
    coordinator = factories.coordinator(organisation, email=f"mender-{tag}@example.org")
    session.commit()
    tab = sign_in(browser, live_server, live_app, coordinator)
    tab.goto(f"{live_server.url}/programmes/new")
    skills = tab.get_by_role("group", name="Skills wanted")
    skills.get_by_label(f"Sewing {tag}").check()
    skills.get_by_role("searchbox", name="Find in this list").fill("plast")
    expect(skills.get_by_label(f"Plastering {tag}")).to_be_visible()
    expect(skills.get_by_label(f"Carpentry {tag}")).to_be_hidden()
    expect(skills.get_by_label(f"Sewing {tag}")).to_be_visible()  # ticked: never hidden
    skills.get_by_label(f"Plastering {tag}").check()
    tab.get_by_label("Name").fill(f"Menders' crew {tag}")
    tab.get_by_role("button", name="Save").click()
    expect(tab.locator(".flashes")).to_contain_text("The programme is created.")
    tab.context.close()
