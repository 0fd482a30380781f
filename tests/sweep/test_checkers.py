"""The sweep's checkers can fail: each finds the faults planted in a small broken page."""
from __future__ import annotations

import pytest

from tests.sweep.checkers import NARROWEST, axe_violations, runs_off_the_side, validator_errors

pytestmark = [pytest.mark.browser]

BROKEN = """<!doctype html><html><head><title>Broken</title></head><body>
<main><img src="x.png"><form><input type="text" id="twice"><input type="email" id="twice"></form>
<div style="height:60px;overflow:scroll"><p style="height:600px">A region a keyboard cannot reach</p></div>
</main></body></html>"""


def test_axe_finds_an_unlabelled_field_and_an_image_without_text(page):
    page.set_content(BROKEN)
    found = "\n".join(axe_violations(page))
    assert "critical image-alt" in found
    assert "label" in found


def test_the_html_checker_finds_a_duplicate_id_and_passes_a_good_page():
    errors = validator_errors({"broken": BROKEN})
    assert any("Duplicate ID" in error for error in errors["broken"])
    assert "good" not in validator_errors({"good": '<!doctype html><html lang="en"><title>Fine</title></html>'})


WIDE = """<!doctype html><html lang="{lang}" dir="{dir}"><head><title>Wide</title></head><body style="margin:0">
<div style="overflow-x:auto"><table style="inline-size:900px"><tr><td>A wide table in a region of its own</td></tr>
</table></div><p style="min-inline-size:{width}px">A line {width} px wide</p></body></html>"""


@pytest.mark.parametrize("lang, direction", [("en", "ltr"), ("ar", "rtl")])
def test_a_page_wider_than_its_window_is_found_at_each_width_and_the_window_is_left_as_it_was(page, lang,
                                                                                             direction):
    page.set_viewport_size({"width": 390, "height": 700})
    page.set_content(WIDE.format(lang=lang, dir=direction, width=350))
    assert runs_off_the_side(page, 390, NARROWEST) == ["the page is 350 px wide in a window of 320 px"]
    assert page.viewport_size == {"width": 390, "height": 700}
    page.set_content(WIDE.format(lang=lang, dir=direction, width=300))
    assert runs_off_the_side(page, 390, NARROWEST) == []  # the table scrolls in its region: the page fits
