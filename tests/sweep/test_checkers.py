"""The sweep's checkers can fail: each finds the faults planted in a small broken page."""
from __future__ import annotations

import pytest

from tests.sweep.checkers import axe_violations, validator_errors

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
