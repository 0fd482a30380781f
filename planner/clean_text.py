"""Checks that text is clean: no mojibake, no HTML, no control characters (the seeds), no mojibake (the shift import).

Mojibake (UTF-8 bytes read as Windows-1252 or Latin-1, so that an en dash shows as `â€“`) is
detected with ftfy, which knows the byte patterns those mistakes leave; our own check would
have to re-derive them and would miss the mixed cases (Arabic next to a broken dash). ftfy leaves
alone the pairs whose second character is "Ÿ" (byte 0x9F), which it judges too ambiguous: Turkish
ş and ğ broken into `ÅŸ` and `ÄŸ`. A second check catches those: a letter that can open a UTF-8
sequence followed by characters that can continue it, which read back as UTF-8 give one Latin letter or
punctuation mark (not a rarer character: "ODTÜ’de" is Turkish as written, not a broken Syriac letter).
"""
from __future__ import annotations

import re
import unicodedata
from os.path import commonprefix

import ftfy

_CONTINUING = "".join(sorted({bytes([byte]).decode("cp1252", errors="ignore") for byte in range(0x80, 0xC0)} - {""}))
_OPEN_AND_CONTINUE = re.compile("[\u00c2-\u00ef][%s]{1,2}" % re.escape(_CONTINUING))
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?>")
HTML_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")


def text_problem(value: str) -> str | None:
    """Why this seed text may not be stored, or None when it is clean."""
    if broken := garbled(value):
        return f"mojibake (UTF-8 read as Windows-1252?): {broken[0]!r} should read {broken[1]!r}"
    if HTML_TAG.search(value) or HTML_ENTITY.search(value):
        return "contains HTML; write plain text"
    if any(unicodedata.category(char) == "Cc" and char not in "\n\t" for char in value):
        return "contains a control character"
    return None


def garbled(value: str) -> tuple[str, str] | None:
    """The first stretch of mojibake in the text and what it should read, or None when there is none."""
    repaired = ftfy.fix_encoding(value)
    if repaired != value:
        return _first_difference(value, repaired)
    return _read_as_windows_1252(value)


def _read_as_windows_1252(value: str) -> tuple[str, str] | None:
    """The first stretch that is a UTF-8 letter's bytes read as Windows-1252, and the letter; None when none is."""
    for match in _OPEN_AND_CONTINUE.finditer(value):
        try:
            letter = match.group().encode("cp1252").decode("utf-8")
        except UnicodeError:
            continue
        if _likely_meant(letter):
            return match.group(), letter
    return None


def _likely_meant(letter: str) -> bool:
    """A Latin letter with its accents (Latin-1 and Latin Extended-A: é, ş, ğ, İ), a punctuation mark or €."""
    return 0xA0 <= ord(letter) <= 0x17F or 0x2010 <= ord(letter) <= 0x206F or letter in "€™"


def _first_difference(broken: str, repaired: str) -> tuple[str, str]:
    """The broken stretch of text and what it should read."""
    prefix = len(commonprefix([broken, repaired]))
    suffix = len(commonprefix([broken[prefix:][::-1], repaired[prefix:][::-1]]))
    return broken[prefix:len(broken) - suffix], repaired[prefix:len(repaired) - suffix]
