"""The sweep's checkers can fail: each finds the faults planted in a small broken page."""
from __future__ import annotations

from pathlib import Path

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


STYLESHEET = Path(__file__).resolve().parents[2] / "planner" / "static" / "style.css"
STACKED = """<!doctype html><html lang="fr" dir="{dir}"><head><title>Stacked</title><style>{css}</style></head>
<body><main><section style="padding-inline:2rem"><table class="stacks"><thead><tr><th>Programme</th>
<th>Places prises à venir</th><th>Absences</th></tr></thead><tbody><tr><th>Ateliers</th>
<td data-label="Places prises à venir">38 % (3 sur 8)</td><td data-label="Absences">33 %</td></tr></tbody>
</table></section></main></body></html>"""
# The stylesheet before its label column was one length: 35% of the cell for the label, 35% of the row for the
# cell's padding, so that each label stood in from its line and broke "Absences" in two.
SHARES = ("table.stacks td { padding-inline-start: 35%; } table.stacks td::before { inline-size: 35%; "
          "margin-inline-start: -35%; padding-inline-end: 1rem; }")


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_a_stacked_label_that_breaks_a_word_or_stands_in_from_its_line_is_found(page, direction):
    page.set_viewport_size({"width": 390, "height": 700})
    page.set_content(STACKED.format(dir=direction, css=STYLESHEET.read_text() + SHARES))
    found = runs_off_the_side(page, 390)
    assert any(problem.startswith("a stacked table's label breaks “Absences” in a column of") for problem in found)
    assert any(" px in from its line in a window of 390 px" in problem for problem in found)
    page.set_content(STACKED.format(dir=direction, css=STYLESHEET.read_text()))
    assert runs_off_the_side(page, 390, NARROWEST) == []


CHOICES = """<!doctype html><html lang="fr" dir="{dir}"><head><title>Choices</title><style>{css}</style></head>
<body><main><form><fieldset class="field"><legend>Envoyer à</legend>
<div class="choice"><input type="radio" name="to" id="to-0"> <label for="to-0">Bénévoles ayant une place</label></div>
<div class="choice"><input type="radio" name="to" id="to-1"> <label for="to-1">Bénévoles ayant une place, et ceux
qui en attendent une</label></div></fieldset></form></main></body></html>"""
INLINE_CHOICES = ".choice { display: inline-block; } .choice label { display: inline; }"  # the stylesheet before


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_a_choice_whose_label_wraps_under_its_box_is_found(page, direction):
    page.set_viewport_size({"width": 320, "height": 700})
    page.set_content(CHOICES.format(dir=direction, css=STYLESHEET.read_text() + INLINE_CHOICES))
    assert runs_off_the_side(page, 320) == [
        "the choice “Bénévoles ayant une place, et ceux qui en attendent une” wraps under its box in a window of 320 px"]
    page.set_content(CHOICES.format(dir=direction, css=STYLESHEET.read_text()))
    assert runs_off_the_side(page, 320) == []
