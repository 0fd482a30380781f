"""In a real browser: the keyboard focus ring stands out at 3:1 or better against whatever lies behind it (WCAG
2.2, 1.4.11 and 2.4.13), in the header, the page and the footer, at desktop and phone widths."""
from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.live]

RING = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  let node = el.parentElement, behind = "rgb(255, 255, 255)";
  while (node) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour && colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") { behind = colour; break; }
    node = node.parentElement;
  }
  return {ring: style.outlineColor, width: parseFloat(style.outlineWidth), style: style.outlineStyle, behind,
          what: el.tagName + " " + (el.textContent || el.name || "").trim().slice(0, 30)};
}"""


def _luminance(colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", colour)[:3])
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", ["/", "/shifts", "/login"])
def test_every_focus_ring_stands_out_against_what_is_behind_it(browser, live_server, live_db, width, path):
    tab = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    tab.goto(live_server.url + path)
    seen = []
    for _ in range(40):
        tab.keyboard.press("Tab")
        ring = tab.evaluate(RING)
        if ring["what"].startswith("BODY"):
            break
        seen.append(ring)
        assert ring["style"] != "none" and ring["width"] >= 2, ring["what"]
        assert contrast(ring["ring"], ring["behind"]) >= 3, ring
    assert len(seen) >= 5  # the walk reached the header, the page and the footer
    tab.context.close()


def test_the_contrast_measure_is_the_wcag_one():
    assert round(contrast("rgb(255, 191, 71)", "rgb(255, 255, 255)"), 2) == 1.64  # the old yellow ring on white
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
