"""In a real browser: line items are added and removed, with JavaScript without reloading and without it through
the server, and the running total follows what is typed."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from planner.db import session
from tests import factories
from tests.budgets.conftest import build_scene
from tests.conftest import answer_code_step

pytestmark = [pytest.mark.browser, pytest.mark.live]


def _signed_in_tab(browser, live_server, person, javascript: bool, locale: str = "en-GB"):
    tab = browser.new_context(locale=locale, java_script_enabled=javascript).new_page()
    tab.goto(f"{live_server.url}/login")
    tab.fill("input[name=email]", person.email)
    tab.fill("input[name=password]", factories.PASSWORD)
    tab.locator("form.account-form button[type=submit]").click()
    answer_code_step(tab, person.email)
    return tab


def test_with_javascript_rows_come_and_go_in_place_and_the_total_runs(browser, live_server, live_db):
    scene = build_scene(factories)
    session.commit()
    tab = _signed_in_tab(browser, live_server, scene.coordinator, javascript=True)
    tab.goto(f"{live_server.url}/initiatives/{scene.initiative.slug}/requests/new")
    tab.evaluate("window.stillHere = true")  # gone if the page reloads
    rows = tab.locator("#line-items tbody tr")
    before = rows.count()
    tab.get_by_label("Row 1: Quantity").fill("4")
    tab.get_by_label("Row 1: Unit cost").fill("150")
    tab.get_by_label("Row 2: Quantity").fill("20")
    tab.get_by_label("Row 2: Unit cost").fill("12.5")
    expect(tab.locator("#running-total")).to_have_text("JOD\u00a0850.000")  # 4 × 150 + 20 × 12.5
    tab.get_by_label("Row 3: Quantity").fill("2")
    tab.get_by_label("Row 3: Unit cost").fill("1,500")  # the server refuses a comma: the total leaves the row out
    expect(tab.locator("#running-total")).to_have_text("JOD\u00a0850.000")
    tab.get_by_label("Row 3: Unit cost").fill("")
    tab.get_by_role("button", name="Remove row 1").click()
    expect(tab.locator("#running-total")).to_have_text("JOD\u00a0250.000")
    expect(rows).to_have_count(before - 1)
    expect(tab.get_by_label("Row 1: Quantity")).to_have_value("20")  # the rows renumber
    tab.get_by_role("button", name="Add more rows").click()
    expect(rows).to_have_count(before)
    assert tab.evaluate("window.stillHere") is True
    tab.context.close()


def test_without_javascript_the_server_adds_and_removes_rows(browser, live_server, live_db):
    scene = build_scene(factories)
    session.commit()
    tab = _signed_in_tab(browser, live_server, scene.coordinator, javascript=False)
    tab.goto(f"{live_server.url}/initiatives/{scene.initiative.slug}/requests/new")
    rows = tab.locator("#line-items tbody tr")
    before = rows.count()
    tab.get_by_label("Row 2: Description").fill("Workshop kits")
    tab.get_by_label("Row 2: Quantity").fill("20")
    tab.get_by_label("Row 2: Unit cost").fill("12.50")
    tab.get_by_role("button", name="Remove row 1").click()
    expect(rows).to_have_count(before - 1)
    expect(tab.get_by_label("Row 1: Description")).to_have_value("Workshop kits")
    expect(tab.locator("#running-total")).to_have_text("JOD\u00a0250.000")  # worked out by the server
    tab.get_by_role("button", name="Add more rows").click()
    expect(rows).to_have_count(before + 4)  # back to the form's blank rows, and four more
    tab.context.close()


def test_the_running_total_keeps_the_digits_the_reader_chose(browser, live_server, live_db):
    """An Arabic reader who chose Arabic-Indic digits sees the recounted total written as the server writes it."""
    scene = build_scene(factories)
    scene.coordinator.digits = "arab"
    session.commit()
    tab = _signed_in_tab(browser, live_server, scene.coordinator, javascript=True, locale="ar")
    tab.goto(f"{live_server.url}/initiatives/{scene.initiative.slug}/requests/new")
    tab.locator("input[name$='-quantity']").nth(0).fill("٤")
    tab.locator("input[name$='-unit_cost']").nth(0).fill("150")
    expect(tab.locator("#running-total")).to_have_text("\u200f٦٠٠٫٠٠٠\u00a0د.أ.\u200f")
    tab.context.close()
