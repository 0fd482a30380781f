"""In a real browser (Chromium): home → search a place named in the sources → a result → its provenance, named by the
source document's title."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from planner.provenance import SourceDocument
from tests.directory import seeded

pytestmark = pytest.mark.browser

CENTRE_KEY = "marrakesh-migrant-welcome-centre"


@pytest.fixture
def marrakesh_centre(live_db):
    """The Marrakesh welcome centre as its seed entry describes it, in the live database."""
    centre = seeded.record("centre", CENTRE_KEY)
    title = live_db.get(SourceDocument, centre.source_document).title
    live_db.commit()
    return {"name": centre.name, "file": centre.source_document, "title": title, "section": centre.source_section}


def test_a_visitor_finds_a_record_by_place_and_sees_where_it_came_from(page, live_server, marrakesh_centre):
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Community Planner")

    search_box = page.get_by_role("searchbox", name="Search by place, name or subject")
    search_box.fill("Marrakesh")
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=Marrakesh"))
    expect(page.get_by_role("heading", name=re.compile(r"records? found"))).to_be_visible()

    page.get_by_role("link", name=marrakesh_centre["name"], exact=True).first.click()
    expect(page).to_have_url(re.compile(f"/centres/{CENTRE_KEY}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(marrakesh_centre["name"])
    provenance = page.locator("aside.provenance")
    expect(provenance.get_by_role("heading", name="Provenance")).to_be_visible()
    expect(provenance).to_contain_text(marrakesh_centre["title"])  # the document as people know it
    expect(provenance).not_to_contain_text(marrakesh_centre["file"])  # not its file name (the API keeps that)
    expect(provenance).to_contain_text(marrakesh_centre["section"])


def test_filters_work_without_javascript_and_fit_a_phone(browser, live_server, marrakesh_centre):
    context = browser.new_context(locale="en-GB", java_script_enabled=False, viewport={"width": 360, "height": 740})
    tab = context.new_page()
    try:
        tab.goto(f"{live_server.url}/centres")
        tab.locator("summary", has_text="Filters").click()  # folded on a phone, and opens without a script
        tab.get_by_label("Audience").select_option("refugees")
        tab.get_by_role("button", name="Show results").click()
        expect(tab).to_have_url(re.compile(r"audience=refugees"))
        expect(tab.get_by_role("link", name=marrakesh_centre["name"], exact=True)).to_be_visible()
        expect(tab.locator(".active-filters")).to_contain_text("Audience")
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"the page scrolls sideways on a phone ({width}px wide)"
    finally:
        context.close()
