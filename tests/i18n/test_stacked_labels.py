"""On a phone a table's rows stack, each cell beside its column's name: every such name, in every language, must
hold its words whole in the column the stylesheet gives it at the narrowest width (a word broken as "Absenc-es"
or "Organisatio-n" reads as two)."""
from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest
from babel.support import Translations

from planner.config import LOCALES, RTL_LOCALES
from tests.sweep.checkers import NARROWEST, runs_off_the_side

pytestmark = [pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
LABEL = re.compile(r"""data-label="\{\{ _\((["'])(.+?)\1\) \}\}\"""")


def column_names() -> list[str]:
    """Every column name the templates give a stacked cell (the few written from data are swept page by page)."""
    found = {match.group(2) for path in (ROOT / "templates").rglob("*.html") for match in LABEL.finditer(path.read_text())}
    return sorted(found)


def test_the_templates_name_their_columns():
    assert {"Places taken ahead", "No-shows", "Organisation", "Network address"} <= set(column_names())


@pytest.mark.parametrize("language", LOCALES)
def test_every_column_name_holds_its_words_whole_on_the_narrowest_phone(page, language):
    translations = Translations.load(ROOT / "planner" / "translations", [language])
    cells = "".join(f'<td data-label="{escape(translations.gettext(name))}">1</td>' for name in column_names())
    direction = "rtl" if language in RTL_LOCALES else "ltr"
    page.set_viewport_size({"width": NARROWEST, "height": 700})
    page.set_content(f'<!doctype html><html lang="{language}" dir="{direction}"><head><title>Labels</title>'
                     f'<style>{(ROOT / "planner" / "static" / "style.css").read_text()}</style></head><body><main>'
                     f'<table class="stacks"><tbody><tr><th>Row</th>{cells}</tr></tbody></table></main></body></html>')
    assert runs_off_the_side(page) == []
