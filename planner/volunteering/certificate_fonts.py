"""The typefaces certificates are printed in, shipped in fonts/ under their own licences, and which characters they
can print.

DejaVu Sans prints the certificate: Latin, Arabic, Greek, Cyrillic, Hebrew, Armenian, Georgian, Tifinagh. The name is
someone's own, in any script people here write, so other faces stand behind it for what DejaVu lacks, each letter
taken from the first face that has it: Noto Sans for the scripts of South Asia (Devanagari, Bengali, Gurmukhi,
Gujarati, Tamil, Telugu, Kannada, Malayalam, Sinhala), of Africa (Ethiopic, N'Ko, Adlam), Syriac, Thaana, Hanifi
Rohingya, and of South-East Asia (Thai, Lao, Khmer, Myanmar); then Droid Sans Fallback for Chinese characters and
Japanese kana, and NanumSquare for Korean's Hangul. Letters of one Arabic word must come from one face to join, so a
name with Arabic letters DejaVu lacks (Urdu's ہ, for one) is printed in Noto Sans Arabic as a whole. A name in a
script none of them holds (Cherokee, say) would come out blank, so it is refused when the certificate is asked for,
with the characters named. A certificate embeds only the faces its name uses, and only the letters it draws.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path(__file__).with_name("fonts")
FAMILY = "DejaVu"
FACES = {"": FONTS / "DejaVuSans.ttf", "B": FONTS / "DejaVuSans-Bold.ttf"}
NAME_FACE = "B"  # the name is printed in bold
ARABIC = ("NotoSansArabic", FONTS / "NotoSansArabic-Bold.ttf")  # a whole name's face when DejaVu lacks its letters
FALLBACKS = {  # in the order they are asked for a letter; where a face has no bold, its regular one
    "NotoSansEthiopic": ("B", FONTS / "NotoSansEthiopic-Bold.ttf"),
    "NotoSansSyriac": ("", FONTS / "NotoSansSyriac-Regular.ttf"),
    "NotoSansDevanagari": ("B", FONTS / "NotoSansDevanagari-Bold.ttf"),
    "NotoSansBengali": ("B", FONTS / "NotoSansBengali-Bold.ttf"),
    "NotoSansGurmukhi": ("B", FONTS / "NotoSansGurmukhi-Bold.ttf"),
    "NotoSansGujarati": ("B", FONTS / "NotoSansGujarati-Bold.ttf"),
    "NotoSansSinhala": ("B", FONTS / "NotoSansSinhala-Bold.ttf"),
    "NotoSansTamil": ("B", FONTS / "NotoSansTamil-Bold.ttf"),
    "NotoSansTelugu": ("B", FONTS / "NotoSansTelugu-Bold.ttf"),
    "NotoSansKannada": ("B", FONTS / "NotoSansKannada-Bold.ttf"),
    "NotoSansMalayalam": ("B", FONTS / "NotoSansMalayalam-Bold.ttf"),
    "NotoSansThaana": ("B", FONTS / "NotoSansThaana-Bold.ttf"),
    "NotoSansNKo": ("", FONTS / "NotoSansNKo-Regular.ttf"),
    "NotoSansAdlam": ("B", FONTS / "NotoSansAdlam-Bold.ttf"),
    "NotoSansHanifiRohingya": ("B", FONTS / "NotoSansHanifiRohingya-Bold.ttf"),
    "NotoSansThai": ("B", FONTS / "NotoSansThai-Bold.ttf"),
    "NotoSansLao": ("B", FONTS / "NotoSansLao-Bold.ttf"),
    "NotoSansKhmer": ("B", FONTS / "NotoSansKhmer-Bold.ttf"),
    "NotoSansMyanmar": ("B", FONTS / "NotoSansMyanmar-Bold.ttf"),
    "DroidSansFallback": ("", FONTS / "DroidSansFallbackFull.ttf"),  # Chinese characters and kana; large
    "NanumSquare": ("B", FONTS / "NanumSquareB.ttf"),  # Hangul (its Chinese characters come from the face above)
}


def add_fonts(pdf) -> None:
    """Give an fpdf2 document the certificate's faces."""
    for style, path in FACES.items():
        pdf.add_font(FAMILY, style, str(path))


def add_faces_for_name(pdf, name: str) -> str:
    """Give the document the faces the name needs beyond DejaVu (only those, so that a certificate embeds no face it
    does not use), and return the family to print the name in. Behind the name's family stand DejaVu, for a name
    printed in Noto Sans Arabic with Latin letters in it, and the faces holding letters DejaVu lacks."""
    lacking = _missing(name, _covered(FACES[NAME_FACE]))
    if not lacking:
        return FAMILY
    family, arabic_face = ARABIC
    if any(ord(character) in _covered(arabic_face) for character in lacking):
        pdf.add_font(family, NAME_FACE, str(arabic_face))
    else:
        family = FAMILY
    used = {_first_face_holding(character) for character in lacking}
    behind = [(fallback, style, path) for fallback, (style, path) in FALLBACKS.items() if fallback in used]
    for fallback, style, path in behind:
        pdf.add_font(fallback, style, str(path))
    pdf.set_fallback_fonts([FAMILY, *(fallback for fallback, _style, _path in behind)], exact_match=False)
    return family


def _first_face_holding(character: str) -> str | None:
    """The first fallback face with a glyph for the character, the one it will be drawn from."""
    return next((fallback for fallback, (_style, path) in FALLBACKS.items() if ord(character) in _covered(path)), None)


def unprintable(text: str) -> list[str]:
    """The characters of a name no face of the certificate has a glyph for, each once (spaces and invisible format
    marks aside)."""
    faces = (FACES[NAME_FACE], ARABIC[1], *(path for _style, path in FALLBACKS.values()))
    return _missing(text, frozenset().union(*(_covered(path) for path in faces)))


def _missing(text: str, covered: frozenset[int]) -> list[str]:
    return list(dict.fromkeys(character for character in text if ord(character) not in covered
                              and not character.isspace() and unicodedata.category(character) != "Cf"))


@lru_cache(maxsize=16)
def _covered(path: Path) -> frozenset[int]:
    return frozenset(TTFont(str(path), lazy=True).getBestCmap())
