"""A message that counts something that varies is a plural message (ngettext), so that its words agree with the
number in every language: "1 volunteers" in English, a plural noun after 1 or 2 in French, the singular, dual
and three plural forms Arabic gives a noun by its count. A count that is a fixed number (a length limit, the
digits of a code) may sit in a plain message, as it is translated knowing that number."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLAIN_CALLS = {"_", "_l", "gettext", "lazy_gettext"}
TEMPLATE_CALL = re.compile(r"""\b_\(\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')\s*,(?P<arguments>[^)]*)\)""")
COUNT_ARGUMENT = re.compile(r"\bcount\s*=\s*(?P<value>[^,)]+)")


def _fixed(value: str) -> bool:
    """A number written out, or a constant's name."""
    value = value.strip()
    return value.isdigit() or re.fullmatch(r"[A-Z][A-Z0-9_]*", value) is not None


def _varying_counts_in_code() -> list[str]:
    found = []
    for path in sorted((ROOT / "planner").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in PLAIN_CALLS:
                for keyword in node.keywords:
                    if keyword.arg == "count" and not _fixed(ast.unparse(keyword.value)):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: count={ast.unparse(keyword.value)}")
    return found


def _varying_counts_in_templates() -> list[str]:
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for call in TEMPLATE_CALL.finditer(path.read_text()):
            count = COUNT_ARGUMENT.search(call["arguments"])
            if count and not _fixed(count["value"]):
                message = call["double"] or call["single"]
                found.append(f"{path.relative_to(ROOT)}: {message[:50]!r} count={count['value'].strip()}")
    return found


def test_every_count_that_varies_is_in_a_plural_message():
    assert _varying_counts_in_code() + _varying_counts_in_templates() == []


def test_the_check_finds_a_varying_count_and_passes_a_fixed_one():
    assert _fixed("6") and _fixed("MAX_LENGTH") and not _fixed("shift.party_limit") and not _fixed("shifts|length")
    planted = TEMPLATE_CALL.search('{{ _("Up to %(count)s others.", count=shift.party_limit) }}')
    assert COUNT_ARGUMENT.search(planted["arguments"])["value"] == "shift.party_limit"
