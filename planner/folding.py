"""Folding text for search, so that a word is found however it is typed.

Both sides are folded the same way: the search index stores folded copies of each record's text
(planner.directory.indexing), and the words of a query are folded before they are matched
(planner.directory.search). Folding:

- Turkish: dotted and dotless i are one letter (İ, I, ı and i all become i);
- case is folded, and accents and other combining marks are dropped (Beyoğlu → beyoglu);
- Arabic: short vowels, shadda and other marks are dropped (they are combining marks too), as is
  the tatweel; the alef forms أ إ آ ٱ become ا, ة becomes ه and ى becomes ي;
- digits are one set whatever the script they are typed in: the Arabic-Indic ٠–٩ and the Persian ۰–۹ become
  0–9 (full-width digits are already, by compatibility), so ٢٠٣٠ finds 2030 and the other way round;
- Arabic words with the article (ال, and وال بال فال كال لل) are indexed both with and without it,
  and a query word loses it, so العمان, عمان and عمّان meet.
"""
from __future__ import annotations

import re
import unicodedata

TATWEEL = "\u0640"
LETTERS = str.maketrans({
    "\u0671": "\u0627",  # alef wasla
    "\u0629": "\u0647",  # teh marbuta → heh
    "\u0649": "\u064a",  # alef maksura → yeh
    "İ": "i",
    "ı": "i",
    TATWEEL: None,
    **{chr(0x0660 + n): str(n) for n in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + n): str(n) for n in range(10)},  # Persian (extended Arabic-Indic) digits
})
OTHER_DIGITS = "".join(chr(first + n) for first in (0x0660, 0x06F0) for n in range(10))
ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")  # the longest first
SHORTEST_STEM = 2
WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """The text as search compares it: one form per letter, no case, no marks."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(LETTERS).casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare).translate(LETTERS)


def without_article(word: str) -> str:
    """An Arabic word without its article (and a joined conjunction or preposition), if it has one."""
    for article in ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= SHORTEST_STEM:
            return word[len(article):]
    return word


def for_index(text: str) -> str:
    """The folded text, followed by each Arabic word that carries an article once more without it."""
    folded = fold(text)
    bare = [stem for word in WORD.findall(folded) if (stem := without_article(word)) != word]
    return f"{folded} {' '.join(bare)}" if bare else folded


def query_words(text: str, most: int) -> list[str]:
    """The folded words of a search box's text, articles removed, without punctuation or operators."""
    return [without_article(word) for word in WORD.findall(fold(text))][:most]
