"""In a real browser, in Arabic: English record text keeps its own order (punctuation and numbers stay put).

The checks measure where Chromium draws each character, so they see the rendered order, not the
source: in an Arabic page an unisolated English sentence would have its full stop drawn at its
left end, and "300 items" would have the number drawn after the words.
"""
from __future__ import annotations

import pytest

from tests import factories

pytestmark = pytest.mark.browser

# The x of the middle of the n-th character of the first text node containing `needle`, as drawn.
WHERE_DRAWN = """([needle, index]) => {
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, at = node.data.indexOf(needle);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at + index);
    range.setEnd(node, at + index + 1);
    const box = range.getBoundingClientRect();
    return box.left + box.width / 2;
  }
  return null;
}"""


def _x(tab, needle: str, index: int) -> float:
    found = tab.evaluate(WHERE_DRAWN, [needle, index])
    assert found is not None, needle
    return found


def test_english_record_text_keeps_its_order_on_an_arabic_page(live_server, live_db, browser):
    sentence, outcome = "Approved in full at the January session.", "300 items repaired; 40 trained volunteers."
    council = factories.council(name="Council of the direction test")
    council.mandate = sentence
    initiative = factories.initiative(title="Repair café (direction test)", in_council=council)
    initiative.summary = outcome
    council_slug, initiative_slug = council.slug, initiative.slug
    live_db.commit()
    context = browser.new_context(locale="ar", extra_http_headers={"Accept-Language": "ar"})
    tab = context.new_page()
    tab.goto(f"{live_server.url}/councils/{council_slug}")
    assert tab.locator("html").get_attribute("dir") == "rtl"
    # the full stop is drawn at the right end of the English sentence, after "session"
    assert _x(tab, sentence, len(sentence) - 1) > _x(tab, sentence, len(sentence) - 2)
    assert _x(tab, sentence, 0) < _x(tab, sentence, 9)  # "Approved" reads left to right

    tab.goto(f"{live_server.url}/initiatives/{initiative_slug}")
    assert _x(tab, outcome, 0) < _x(tab, outcome, 4)  # "300" before "items"
    assert _x(tab, outcome, outcome.index(";")) < _x(tab, outcome, outcome.index("40"))
    assert _x(tab, outcome, len(outcome) - 1) > _x(tab, outcome, len(outcome) - 2)
    title = "Repair café (direction test)"
    assert _x(tab, title, len(title) - 1) > _x(tab, title, len(title) - 2)  # the closing bracket stays last
    context.close()
