"""In a real browser: a paragraph someone wrote runs in the direction of its own language whatever the page's, so an
English description on an Arabic page starts at the left and an Arabic summary on an English page at the right."""
from __future__ import annotations

import uuid

import pytest

from planner.db import session
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.live]

DIRECTION = "element => getComputedStyle(element).direction"


def _page_in(browser, language: str):
    context = browser.new_context(locale=language, extra_http_headers={"Accept-Language": language})
    return context.new_page()


def test_paragraphs_run_in_their_own_direction_on_a_page_of_the_other(browser, live_server, live_db):
    english = factories.initiative(title=f"River clean-up {uuid.uuid4().hex[:6]}", original_language="en",
                                   summary="Monthly clean-ups along the river path.",
                                   description="Gloves and bags are provided; families are welcome.")
    arabic = factories.initiative(title=f"سقاية الحي {uuid.uuid4().hex[:6]}", original_language="ar",
                                  summary="تعبئة خزانات المياه للأسر كل أسبوع.")
    council = factories.council(original_language="ar")
    council.mandate = "تتابع المجالس المحلية شؤون الحي."
    session.commit()

    tab = _page_in(browser, "ar")
    tab.goto(f"{live_server.url}/initiatives/{english.slug}")
    assert tab.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    assert tab.locator("p.lead", has_text="Monthly clean-ups").evaluate(DIRECTION) == "ltr"
    assert tab.locator("p", has_text="Gloves and bags").evaluate(DIRECTION) == "ltr"
    tab.context.close()

    tab = _page_in(browser, "en")
    tab.goto(f"{live_server.url}/initiatives/{arabic.slug}")
    assert tab.locator("p.lead", has_text="تعبئة خزانات").evaluate(DIRECTION) == "rtl"
    tab.goto(f"{live_server.url}/councils/{council.slug}")
    assert tab.locator("p", has_text="تتابع المجالس").evaluate(DIRECTION) == "rtl"
    tab.context.close()
