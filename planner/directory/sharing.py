"""What a link to a record shows where people share it (a message, a social post), and the address search engines
keep for it: the page's description, its Open Graph card and its canonical address."""
from __future__ import annotations

from dataclasses import dataclass

from planner.directory.kinds import Kind
from planner.names import reader_language
from planner.translated import shortened, shown_text
from planner.urls import absolute_url

DESCRIPTION_LENGTH = 200  # about what a link preview or a search result shows
OPEN_GRAPH_LOCALES = {"ar": "ar_AR", "en": "en_GB", "fr": "fr_FR", "tr": "tr_TR"}


@dataclass(frozen=True)
class ShareCard:
    """A record's page as a link preview shows it, in the reader's language."""

    title: str
    description: str
    address: str
    locale: str


def card_for(kind: Kind, record) -> ShareCard:
    """The record's name and its first words about itself (its summary, or a council's mandate)."""
    name_field, about_field = record.TRANSLATED[:2]
    return ShareCard(shown_text(record, name_field), shortened(shown_text(record, about_field), DESCRIPTION_LENGTH),
                     absolute_url(kind.detail_endpoint, key=record.slug),
                     OPEN_GRAPH_LOCALES.get(reader_language(), OPEN_GRAPH_LOCALES["en"]))
