"""In a real browser at 390 px: the menu and the filters of the shifts and of the directory's lists fold away, and a
request's line items stack with the total in view; at 1280 px all of it is simply there."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from planner.budgets.models import RequestStatus
from planner.clock import utcnow
from planner.db import session
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.live]

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


def _tab(browser, viewport):
    return browser.new_context(viewport=viewport, locale="en-GB").new_page()


def test_on_a_phone_the_menu_and_the_filters_open_on_request(browser, live_server, live_db):
    tab = _tab(browser, PHONE)
    tab.goto(f"{live_server.url}/shifts")
    menu = tab.get_by_role("navigation", name="Main")
    expect(menu).to_be_hidden()
    assert tab.locator("header.site-header").bounding_box()["height"] < 0.15 * PHONE["height"]
    tab.get_by_text("Menu", exact=True).click()
    expect(menu.get_by_role("link", name="Councils")).to_be_visible()
    filters = tab.get_by_role("form", name="Filter shifts")
    expect(filters).to_be_hidden()
    tab.locator("summary", has_text="Filters").click()
    expect(filters.get_by_label("Place")).to_be_visible()
    tab.context.close()


def test_on_a_wide_screen_the_menu_and_the_filters_are_simply_there(browser, live_server, live_db):
    tab = _tab(browser, DESKTOP)
    tab.goto(f"{live_server.url}/shifts")
    expect(tab.get_by_role("navigation", name="Main").get_by_role("link", name="Councils")).to_be_visible()
    expect(tab.get_by_role("form", name="Filter shifts").get_by_label("Place")).to_be_visible()
    expect(tab.get_by_text("Menu", exact=True)).to_be_hidden()
    tab.context.close()


def test_on_a_phone_line_items_stack_and_the_total_stays_in_view(browser, live_server, live_db):
    request = factories.budget_request(status=RequestStatus.DECIDED)
    factories.decision(request, amount=str(request.total))
    session.commit()
    tab = _tab(browser, PHONE)
    tab.goto(f"{live_server.url}/requests/{request.id}")
    table = tab.locator("table.line-items-table")
    expect(table).to_be_visible()
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing runs off the side
    total = table.locator("[data-figure=total]")
    box = total.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    expect(table.locator("tbody td[data-label=Amount]").first).to_be_visible()
    tab.context.close()


def test_on_a_phone_the_compact_list_and_the_week_take_a_fraction_of_the_cards(browser, live_server, live_db):
    programme = factories.programme(name="Phone week programme")
    place = factories.locality("Phone week town")
    first = (utcnow() + timedelta(days=1)).replace(hour=6, minute=0, second=0, microsecond=0)
    for number in range(12):
        factories.shift(of=programme, place=place, title=f"Phone shift {number}",
                        starts_at=first + timedelta(hours=number))
    session.commit()
    tab = _tab(browser, PHONE)
    tab.goto(f"{live_server.url}/shifts?programme={programme.slug}")
    cards_height = tab.evaluate("document.documentElement.scrollHeight")
    tab.get_by_role("navigation", name="Show the shifts as").get_by_role("link", name="Compact list").click()
    expect(tab.locator(".shift-line")).to_have_count(12)
    assert tab.evaluate("document.documentElement.scrollHeight") < 0.6 * cards_height
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing runs off the side
    tab.get_by_role("link", name="Week", exact=True).click()
    expect(tab.locator(".week-day")).to_have_count(7)
    tab.goto(f"{live_server.url}/shifts?view=week&week={first.date().isoformat()}&programme={programme.slug}")
    expect(tab.locator(".shift-line", has_text="Phone shift 11")).to_be_visible()
    tab.get_by_role("link", name="Next week").click()
    expect(tab.get_by_role("link", name="Previous week")).to_be_visible()
    expect(tab.locator(".shift-line", has_text="Phone shift")).to_have_count(0)
    tab.context.close()


def test_on_a_phone_a_directory_list_shows_its_results_before_its_filters(browser, live_server, live_db):
    title = f"Phone list river clean-up {uuid.uuid4().hex[:8]}"
    factories.initiative(title=title)
    session.commit()
    tab = _tab(browser, PHONE)
    tab.goto(f"{live_server.url}/initiatives?q={title.split()[-1]}")
    expect(tab.get_by_role("link", name=title)).to_be_in_viewport()  # the result on the first screen
    expect(tab.get_by_label("Search within initiatives")).to_be_visible()  # the words stay at hand
    theme = tab.get_by_label("Theme")
    expect(theme).to_be_hidden()
    tab.locator("summary", has_text="Filters").click()
    theme.select_option("youth")
    tab.get_by_role("button", name="Show results").click()
    expect(tab.locator("summary", has_text="Filters (1)")).to_be_visible()  # open, and says how many are in use
    expect(tab.get_by_label("Theme")).to_have_value("youth")
    expect(tab.get_by_label("Theme")).to_be_visible()
    tab.context.close()

    wide = _tab(browser, DESKTOP)
    wide.goto(f"{live_server.url}/initiatives")
    expect(wide.get_by_label("Theme")).to_be_visible()
    expect(wide.locator("summary", has_text="Filters")).to_be_hidden()
    wide.context.close()
