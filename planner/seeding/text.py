"""Checks that seed text is clean: no mojibake, no HTML, no control characters.

Mojibake (UTF-8 bytes read as Windows-1252 or Latin-1, so that an en dash shows as `â€“`) is
detected with ftfy, which knows the byte patterns those mistakes leave; our own check would
have to re-derive them and would miss the mixed cases (Arabic next to a broken dash).
"""
from __future__ import annotations

import re
import unicodedata
from os.path import commonprefix

import ftfy

HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?>")
HTML_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")


def text_problem(value: str) -> str | None:
    """Why this text may not be stored, or None when it is clean."""
    repaired = ftfy.fix_encoding(value)
    if repaired != value:
        return f"mojibake (UTF-8 read as Windows-1252?): {_first_difference(value, repaired)}"
    if HTML_TAG.search(value) or HTML_ENTITY.search(value):
        return "contains HTML; write plain text"
    if any(unicodedata.category(char) == "Cc" and char not in "\n\t" for char in value):
        return "contains a control character"
    return None


def _first_difference(broken: str, repaired: str) -> str:
    """The broken stretch of text and what it should read."""
    prefix = len(commonprefix([broken, repaired]))
    suffix = len(commonprefix([broken[prefix:][::-1], repaired[prefix:][::-1]]))
    return f"{broken[prefix:len(broken) - suffix]!r} should read {repaired[prefix:len(repaired) - suffix]!r}"
