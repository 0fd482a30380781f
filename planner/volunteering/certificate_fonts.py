"""The typeface certificates are printed in (DejaVu Sans, shipped in fonts/ under its own licence), and which
characters it can print: a name in a script it lacks would come out blank on the PDF, so it is refused when the
certificate is asked for, with the characters named."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path(__file__).with_name("fonts")
FAMILY = "DejaVu"
FACES = {"": FONTS / "DejaVuSans.ttf", "B": FONTS / "DejaVuSans-Bold.ttf"}
NAME_FACE = "B"  # the name is printed in bold


def add_fonts(pdf) -> None:
    """Give an fpdf2 document the certificate's faces."""
    for style, path in FACES.items():
        pdf.add_font(FAMILY, style, str(path))


def unprintable(text: str, style: str = NAME_FACE) -> list[str]:
    """The characters of the text the face has no glyph for, each once (spaces and invisible format marks aside)."""
    covered = _covered(style)
    return list(dict.fromkeys(character for character in text if ord(character) not in covered
                              and not character.isspace() and unicodedata.category(character) != "Cf"))


@lru_cache(maxsize=len(FACES))
def _covered(style: str) -> frozenset[int]:
    return frozenset(TTFont(str(FACES[style]), lazy=True).getBestCmap())
