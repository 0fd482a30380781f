"""The columns of each directory CSV: a translated heading and how to read the cell from a record.

Cells read only relations the list statement loads (see `api.queries.directory_statement`), so a
batch of rows costs a fixed number of queries. Related records are named only when public.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l

from planner.api.represent import page_url
from planner.centres.models import Centre
from planner.councils.models import Council
from planner.initiatives.models import Initiative
from planner.organisations.models import Organisation
from planner.partnerships.models import Partnership
from planner.names import term_name
from planner.translated import FIELD_LABELS, LANGUAGES, original_of, shown_name, text_in
from planner.volunteering.models import Programme
from planner.directory.kinds import ORGANISATION_KIND_LABELS, PARTNERSHIP_KIND_LABELS
from planner.permissions import is_public

Column = tuple[Any, Callable[[Any], Any]]
SEPARATOR = "; "


def _name_of(record) -> str:
    """A related record named as its page names it: in the reader's language where it has one (a country by
    its name in that language)."""
    return shown_name(record) if hasattr(record, "TRANSLATED") else record.shown_name


def _names(records) -> str:
    return SEPARATOR.join(_name_of(record) for record in records if is_public(record))


def _public_name(record) -> str:
    if record is None or not is_public(record):
        return ""
    return _name_of(record)


def _party_names(partnership) -> str:
    return SEPARATOR.join(_name_of(party.record) for party in partnership.agreed_parties)


def _terms(terms) -> str:
    return SEPARATOR.join(term_name(term) for term in terms)


def _provenance() -> list[Column]:
    return [
        (_l("Source document"), lambda r: r.source_document or ""),
        (_l("Source section"), lambda r: r.source_section or ""),
        (_l("Illustrative"), lambda r: "yes" if r.is_illustrative else "no"),
    ]


def _start(kind_name: str, name_label) -> list[Column]:
    name = (lambda r: r.name) if kind_name not in ("initiative", "partnership") else (lambda r: r.title)
    return [(_l("Id"), lambda r: r.id), (_l("Slug"), lambda r: r.slug), (name_label, name)]


def _languages(model) -> list[Column]:
    """The language the record was written in, then each written field in each language ("Name (ar)")."""
    return [(_l("Original language"), original_of)] + [
        (_l("%(field)s (%(language)s)", field=FIELD_LABELS[field], language=language), _reader(field, language))
        for field in model.TRANSLATED for language in LANGUAGES
    ]


def _reader(field: str, language: str) -> Callable[[Any], str]:
    return lambda record: text_in(record, field, language)


def _address(kind_name: str) -> Column:
    return (_l("Address on the site"), lambda r: page_url(kind_name, r))


COLUMNS: dict[str, list[Column]] = {
    "council": [
        *_start("council", _l("Name")),
        (_l("Place"), lambda r: r.locality.shown_name),
        (_l("Country"), lambda r: r.locality.country_code),
        (_l("Currency"), lambda r: r.currency),
        (_l("Mandate"), lambda r: r.mandate),
        _address("council"), *_provenance(), *_languages(Council),
    ],
    "centre": [
        *_start("centre", _l("Name")),
        (_l("Place"), lambda r: r.locality.shown_name),
        (_l("Country"), lambda r: r.locality.country_code),
        (_l("Council"), lambda r: _public_name(r.council)),
        (_l("Services"), lambda r: _terms(r.services)),
        (_l("Audiences"), lambda r: _terms(r.audiences)),
        (_l("Opening hours"), lambda r: r.opening_hours),
        (_l("Email"), lambda r: r.contact_email),
        (_l("Phone"), lambda r: r.contact_phone),
        (_l("Website"), lambda r: r.website),
        (_l("Summary"), lambda r: r.summary),
        _address("centre"), *_provenance(), *_languages(Centre),
    ],
    "organisation": [
        *_start("organisation", _l("Name")),
        (_l("Kind"), lambda r: ORGANISATION_KIND_LABELS[r.kind]),
        (_l("Country"), lambda r: r.country_code),
        (_l("Place"), lambda r: r.locality.shown_name if r.locality else ""),
        (_l("Website"), lambda r: r.website),
        (_l("Summary"), lambda r: r.summary),
        _address("organisation"), *_provenance(), *_languages(Organisation),
    ],
    "initiative": [
        *_start("initiative", _l("Title")),
        (_l("Theme"), lambda r: term_name(r.theme)),
        (_l("Council"), lambda r: _public_name(r.council)),
        (_l("Place"), lambda r: r.locality.shown_name),
        (_l("Venue"), lambda r: _public_name(r.venue)),
        (_l("Lead organisation"), lambda r: _public_name(r.lead_organisation)),
        (_l("Partners"), lambda r: _names(r.partners)),
        (_l("Audiences"), lambda r: _terms(r.audiences)),
        (_l("Starts on"), lambda r: r.starts_on.isoformat()),
        (_l("Ends on"), lambda r: r.ends_on.isoformat() if r.ends_on else ""),
        (_l("Summary"), lambda r: r.summary),
        _address("initiative"), *_provenance(), *_languages(Initiative),
    ],
    "programme": [
        *_start("programme", _l("Name")),
        (_l("Initiative"), lambda r: _public_name(r.initiative)),
        (_l("Organisation"), lambda r: _public_name(r.organisation)),
        (_l("Centre"), lambda r: _public_name(r.centre)),
        (_l("Skills wanted"), lambda r: _terms(r.skills)),
        (_l("Summary"), lambda r: r.summary),
        _address("programme"), *_provenance(), *_languages(Programme),
    ],
    "partnership": [
        *_start("partnership", _l("Title")),
        (_l("Kind"), lambda r: PARTNERSHIP_KIND_LABELS[r.kind]),
        (_l("Parties"), _party_names),
        (_l("Starts on"), lambda r: r.starts_on.isoformat() if r.starts_on else ""),
        (_l("Ends on"), lambda r: r.ends_on.isoformat() if r.ends_on else ""),
        (_l("Summary"), lambda r: r.summary),
        _address("partnership"), *_provenance(), *_languages(Partnership),
    ],
}
