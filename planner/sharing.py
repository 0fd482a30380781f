"""What a link to a page shows where people share it (a message, a social post), and the addresses search engines keep
for it: the page's description, its Open Graph card, its canonical address and its address in each language, so
that each language of the page can be found (rendered by base.html)."""
from __future__ import annotations

from dataclasses import dataclass

from planner.config import ADDRESS_LANGUAGE, LOCALES
from planner.i18n import address_language
from planner.names import reader_language
from planner.translated import shortened, shown_text
from planner.urls import absolute_url

DESCRIPTION_LENGTH = 200  # about what a link preview or a search result shows
OPEN_GRAPH_LOCALES = {"ar": "ar_AR", "en": "en_GB", "fr": "fr_FR", "tr": "tr_TR"}


@dataclass(frozen=True)
class ShareCard:
    """A page as a link preview shows it, in the reader's language."""

    title: str
    description: str
    address: str  # the canonical address: in the language the address names, if it names one
    locale: str
    languages: tuple[tuple[str, str], ...] = ()  # (hreflang, address) for each language, and x-default

    @property
    def other_locales(self) -> list[str]:
        """The Open Graph locales the page is also shown in."""
        return [locale for locale in OPEN_GRAPH_LOCALES.values() if locale != self.locale]


def share_card(title: str, description: str, endpoint: str, **values) -> ShareCard:
    """The card of the page at this endpoint, its description cut to what a preview shows."""
    canonical = absolute_url(endpoint, **values, **{ADDRESS_LANGUAGE: address_language()})
    return ShareCard(title, shortened(description, DESCRIPTION_LENGTH), canonical,
                     OPEN_GRAPH_LOCALES.get(reader_language(), OPEN_GRAPH_LOCALES["en"]),
                     page_languages(endpoint, **values))


def page_languages(endpoint: str, **values) -> tuple[tuple[str, str], ...]:
    """The page's address in each of our languages, then the address that follows the reader's (x-default)."""
    return (*((language, absolute_url(endpoint, **values, **{ADDRESS_LANGUAGE: language})) for language in LOCALES),
            ("x-default", absolute_url(endpoint, **values, **{ADDRESS_LANGUAGE: None})))


def record_card(record, endpoint: str) -> ShareCard:
    """A directory record's card: its name and its first words about itself (its summary, or a council's mandate)."""
    name_field, about_field = record.TRANSLATED[:2]
    return share_card(shown_text(record, name_field), shown_text(record, about_field), endpoint, key=record.slug)
