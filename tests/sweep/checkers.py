"""The page checkers of the sweep: axe-core run inside the page, the Nu HTML Checker over saved pages, and the
page's width against its window.

Both come from npm (`make checkers`): axe-core is injected into the open tab, vnu.jar runs under Debian's Java.
"""
from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
GATED_IMPACTS = ("serious", "critical")

_RUN_AXE = """async (impacts) => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((violation) => impacts.includes(violation.impact))
    .map((violation) => ({
      rule: violation.id, impact: violation.impact, help: violation.help,
      where: violation.nodes.slice(0, 3).map((node) => node.target.join(" ")),
    }));
}"""


def axe_violations(tab) -> list[str]:
    """Serious and critical axe-core violations on the tab's page, one readable line each."""
    tab.add_script_tag(path=str(AXE_SCRIPT))
    found = tab.evaluate(_RUN_AXE, list(GATED_IMPACTS))
    return [f"{item['impact']} {item['rule']} ({item['help']}) at {', '.join(item['where'])}" for item in found]


def validator_errors(pages: dict[str, str]) -> dict[str, list[str]]:
    """The Nu HTML Checker's errors for each page (name → HTML), from one run of the checker over them all."""
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        names = {}
        for number, (name, html) in enumerate(pages.items()):
            path = Path(folder) / f"page-{number}.html"
            path.write_text(html, encoding="utf-8")
            names[f"file:{path}"] = name  # the checker names a file "file:/tmp/…"
        finished = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--exit-zero-always", "--stdout",
             *(uri.removeprefix("file:") for uri in names)],
            capture_output=True, text=True, check=True, timeout=600,
        )
    errors: dict[str, list[str]] = {}
    for message in json.loads(finished.stdout)["messages"]:
        name = names.get(message.get("url", ""), message.get("url", "the checker"))
        where = f"line {message['lastLine']}: " if "lastLine" in message else ""
        errors.setdefault(name, []).append(f"{where}{message['message']}")
    return errors


NARROWEST = 320  # CSS px: the width at which WCAG 1.4.10 (reflow) asks that nothing be read sideways


def runs_off_the_side(tab, *widths: int) -> list[str]:
    """The page at each of these widths (the window's own when none), if it is wider than the window: read
    sideways, line by line (WCAG 1.4.10, reflow). On a desktop a wide table may scroll in a region of its own;
    on a phone (PHONE_WIDTH and narrower) no table may: each row stacks as a block of labelled lines, since a
    column past the edge of a phone (a shift's places, a session's sign-out button) is easily never found. Each
    of those labels must start where its line starts and hold its longest word whole ("Absenc-es" is misread), and
    a radio button's or checkbox's label that wraps must stay beside its box (a line under the box reads as a
    choice of its own)."""
    window = tab.viewport_size
    problems = []
    for width in widths or [window["width"]]:
        tab.set_viewport_size({**window, "width": width})
        wide = tab.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            problems.append(f"the page is {wide} px wide in a window of {width} px")
        if width <= PHONE_WIDTH:
            problems += [f"a table scrolls sideways in a window of {width} px ({wider} px of {shown})"
                         for wider, shown in tab.evaluate(SIDEWAYS_TABLES)]
            problems += [f"a stacked table's label {fault} in a window of {width} px"
                         for fault in dict.fromkeys(tab.evaluate(SQUEEZED_LABELS))]
            problems += [f"the choice “{label}” wraps under its box in a window of {width} px"
                         for label in dict.fromkeys(tab.evaluate(CHOICES_UNDER_THEIR_BOX))]
    tab.set_viewport_size(window)
    return problems


PHONE_WIDTH = 640  # CSS px (40rem): the stylesheet's phone layout
SIDEWAYS_TABLES = """[...document.querySelectorAll('table')].map(table => table.closest('.table-scroll') || table)
  .filter(box => box.scrollWidth > box.clientWidth + 1).map(box => [box.scrollWidth, box.clientWidth])"""

# Each label of a stacked cell (its ::before, floated into the cell's start, or a grid column in a form's rows): its
# words that do not fit the room it has, and how far a floated one stands in from the cell's start (its negative
# margin should undo the cell's padding).
SQUEEZED_LABELS = """() => {
  const measure = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll('table.stacks td[data-label]')]
    .filter(cell => cell.dataset.label.trim() && cell.getClientRects().length)
    .flatMap(cell => {
      const label = getComputedStyle(cell, '::before');
      if (label.content === 'none' || label.display === 'none') return [];
      measure.font = `${label.fontStyle} ${label.fontWeight} ${label.fontSize} ${label.fontFamily}`;
      const room = parseFloat(label.width) - parseFloat(label.paddingInlineStart) - parseFloat(label.paddingInlineEnd);
      const indent = parseFloat(getComputedStyle(cell).paddingInlineStart) + parseFloat(label.marginInlineStart);
      const faults = cell.dataset.label.split(/\\s+/).filter(word => measure.measureText(word).width > room + 0.5)
        .map(word => `breaks “${word}” in a column of ${Math.round(room)} px`);
      const hung = label.float !== 'none';  // beside the cell's text (in a grid, the label has a column of its own)
      return hung && Math.abs(indent) > 1 ? [...faults, `stands ${Math.round(indent)} px in from its line`] : faults;
    });
}"""

# The radio buttons and checkboxes whose label (the element after the box) has a line that starts under the box,
# not beside it, on the side the line starts from.
CHOICES_UNDER_THEIR_BOX = """() => [...document.querySelectorAll('input[type=radio], input[type=checkbox]')]
  .filter(box => box.getClientRects().length && box.labels && box.labels[0] === box.nextElementSibling)
  .filter(box => {
    const edge = box.getBoundingClientRect(), rtl = getComputedStyle(box).direction === 'rtl';
    const under = line => rtl ? line.right > edge.left + 1 : line.left < edge.right - 1;
    return [...box.labels[0].getClientRects()].some(under);
  })
  .map(box => box.labels[0].textContent.trim().replace(/\\s+/g, ' ').slice(0, 60))"""
