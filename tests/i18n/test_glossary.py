"""Each language names one thing with one word, and two things a page shows together with two.

A volunteer who reads "shift" as فترة تطوعية on the list and as نوبة in a reminder wonders whether they are the same;
a French reader whose "Home" link and check-in page are both « Accueil », or a Turkish one whose shift's "Sign up"
button says what the header's "Register" link says, cannot tell them apart.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

CATALOGUES = Path(__file__).resolve().parents[2] / "planner" / "translations"

# (language, the English term, a word its translation must not use: the glossary keeps another for the term)
GLOSSARY = [
    ("ar", r"\bshifts?\b", r"نوب|مناوب"),  # a shift is a فترة تطوعية, as the menu and the lists say
    ("fr", r"\bcheck(ed|s)?[ -]in\b", r"(?i)\baccueil"),  # pointage: « Accueil » is the home page
    ("tr", r"\bcheck(ed|s)?[ -](in|out)\b|\bcheck me in\b", r"(?i)giriş|çıkış"),  # yoklama: giriş is logging in
    ("tr", r"\bcouncil", r"(?i)konsey"),  # a council is a meclis
    ("tr", r"\bcertificate", r"(?i)sertifika"),  # a certificate is a belge
    ("fr", r"\bcertificate", r"(?i)\bcertificat"),  # an attestation
]

# Terms a page shows together (the header's links beside a page's own words), which must read differently.
TOLD_APART = [("Home", "Check-in"), ("Register", "Sign up"), ("Log in", "Check in"), ("Log out", "Check out as I leave")]


def _catalogue(locale: str):
    with open(CATALOGUES / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


def _texts(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


@pytest.mark.parametrize(("locale", "term", "avoided"), GLOSSARY, ids=["ar-shift", "fr-check-in", "tr-check-in", "tr-council", "tr-certificate", "fr-certificate"])
def test_each_language_keeps_one_word_for_a_term(locale, term, avoided):
    messages = [message for message in _catalogue(locale)
                if message.id and re.search(term, " ".join(message.id) if isinstance(message.id, tuple) else message.id,
                                            re.IGNORECASE)]
    assert len(messages) >= 5
    assert [message.id for message in messages if any(re.search(avoided, text) for text in _texts(message))] == []


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


@pytest.mark.parametrize("locale", ["ar", "fr", "tr"])
def test_terms_shown_together_read_differently(locale):
    catalogue = _catalogue(locale)
    alike = [f"{first} / {second}: {catalogue.get(first).string}" for first, second in TOLD_APART
             if _words(catalogue.get(first).string) == _words(catalogue.get(second).string)]
    assert alike == []
