"""What a link to a page shows where people share it (a message, a social post), and the address search engines keep
for it: the page's description, its Open Graph card and its canonical address (rendered by base.html)."""
from __future__ import annotations

from dataclasses import dataclass

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
    address: str
    locale: str


def share_card(title: str, description: str, endpoint: str, **values) -> ShareCard:
    """The card of the page at this endpoint, its description cut to what a preview shows."""
    return ShareCard(title, shortened(description, DESCRIPTION_LENGTH), absolute_url(endpoint, **values),
                     OPEN_GRAPH_LOCALES.get(reader_language(), OPEN_GRAPH_LOCALES["en"]))


def record_card(record, endpoint: str) -> ShareCard:
    """A directory record's card: its name and its first words about itself (its summary, or a council's mandate)."""
    name_field, about_field = record.TRANSLATED[:2]
    return share_card(shown_text(record, name_field), shown_text(record, about_field), endpoint, key=record.slug)
