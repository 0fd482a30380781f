"""A message's plain text as its HTML twin, laid out in the direction of its language.

Mail clients show a plain-text message left to right: an Arabic one is then aligned to the wrong side, with
its closing punctuation on the wrong end of the line. Sent beside the text (multipart/alternative), this
part names the language and its direction, and gives each paragraph the direction of its own first letters
(`dir="auto"`), so a line holding only an address stays left to right in an Arabic message. Nothing is
added to the words: the HTML says exactly what the text says, its web addresses made links.
"""
from __future__ import annotations

import re

from markupsafe import Markup, escape

from planner.config import RTL_LOCALES

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
WEB_ADDRESS = re.compile(r"https?://[^\s<>\"]+")
CLOSING_PUNCTUATION = ".,;:!?)]»”’"  # ends a sentence that holds an address, not the address


def as_html(text: str, language: str, title: str) -> str:
    """The whole HTML document of the message."""
    direction = "rtl" if language.split("_")[0] in RTL_LOCALES else "ltr"
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as a browser's text area sends them
    paragraphs = Markup("").join(Markup('<p dir="auto">{}</p>\n').format(_paragraph(block))
                                 for block in PARAGRAPH_BREAK.split(text.strip()) if block.strip())
    return Markup('<!doctype html>\n<html lang="{}" dir="{}">\n<head><meta charset="utf-8"><title>{}</title></head>\n'
                  '<body style="font-family: sans-serif; line-height: 1.5">\n{}</body>\n</html>\n').format(
        language, direction, title, paragraphs)


def _paragraph(block: str) -> Markup:
    return Markup("<br>\n").join(_linked(line) for line in block.strip("\n").split("\n"))


def _linked(line: str) -> Markup:
    """The line escaped, each web address in it a link to itself."""
    pieces, start = [], 0
    for found in WEB_ADDRESS.finditer(line):
        address = found.group().rstrip(CLOSING_PUNCTUATION)
        pieces += [escape(line[start:found.start()]), Markup('<a href="{0}">{0}</a>').format(address)]
        start = found.start() + len(address)
    return Markup("").join([*pieces, escape(line[start:])])
