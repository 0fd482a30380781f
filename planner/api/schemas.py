"""The shapes the API answers with, as pydantic models: they build every response body, and their
JSON Schema (draft 2020-12, the dialect OpenAPI 3.1 uses) is the OpenAPI document's components,
so the document cannot drift from what the API sends.

Field names are stable: add fields, never rename them. Money is a string of an exact decimal with
its currency's own decimal places (never a float), always beside its ISO 4217 currency; instants are ISO 8601 in UTC.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from planner.budgets.models import DecisionOutcome
from planner.initiatives.models import InitiativeStatus
from planner.organisations.models import OrganisationKind
from planner.partnerships.models import PartnershipKind

Money = Annotated[str, Field(pattern=r"^-?[0-9]+(\.[0-9]{2,3})?$", examples=["1500.00", "180000.000"])]
CurrencyCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$", examples=["JOD"])]
Url = Annotated[str, Field(examples=["https://planner.example/councils/amman-east"])]


class Schema(BaseModel):
    """Base of every API shape: attribute docstrings become descriptions; every field is always present."""

    model_config = ConfigDict(use_attribute_docstrings=True, json_schema_serialization_defaults_required=True)


# --- small parts ---------------------------------------------------------------------------


class Ref(Schema):
    """A public record elsewhere in the directory."""

    id: int
    slug: str
    name: str
    """Its name (an initiative's or partnership's title)."""
    url: Url
    """Its page on the site."""
    api_url: Url
    """Its address in this API."""


class Related(Schema):
    """Related public records, at most 50; `more` says there were more than listed."""

    items: list[Ref]
    more: bool


class Term(Schema):
    """A term of a vocabulary (a theme, audience, service or skill)."""

    key: str
    name: str


class Country(Schema):
    """A country by its ISO 3166-1 alpha-2 code."""

    code: str
    name: str


class Place(Schema):
    """A city, district or region."""

    slug: str
    name: str
    """Its name in the language `lang` asks for (from `names`, or its local name for its country's own language),
    else its English name."""
    name_local: str | None
    """Its name in its country's language (عمّان), where the records give one."""
    names: dict[str, str]
    """Its names in other languages by language code, where they differ from its English one
    (`{"fr": "Marrakech", "tr": "Marakeş"}`)."""
    country_code: str
    timezone: str
    """The IANA time zone the place keeps (shift times are shown in it)."""


class Provenance(Schema):
    """Where a seeded record came from; all empty for records entered on the site."""

    source_document: str | None
    """The source document's file name."""
    source_title: str | None
    """The source document's title, as pages show it."""
    source_section: str | None
    """The heading of the section the record was written from."""
    illustrative: bool
    """Whether the record is an illustration written for the demo rather than a fact of the document."""


class Contact(Schema):
    """How to reach a centre (empty strings when not known)."""

    email: str
    phone: str
    website: str
    address: str


class Party(Schema):
    """One party to a partnership: a council, centre, organisation or country."""

    type: Literal["council", "centre", "organisation", "country"]
    name: str
    record: Ref | None
    """The party's record, when it is public (null for a country, or a record no longer public)."""
    country_code: str | None
    """Set when the party is a country."""


class Shift(Schema):
    """An upcoming shift of a programme, with its places."""

    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    signup_cutoff_at: datetime | None
    timezone: str
    """The time zone of the shift's place."""
    place: Place
    venue: str
    """Where in the place the shift meets."""
    instructions: str
    """What volunteers should know before they come (what to bring or wear, whom to ask for); empty when none."""
    centre: Ref | None
    capacity: int
    confirmed: int
    places_left: int
    waitlist: int
    """How many volunteers wait for a place."""
    party_limit: int
    """How many others one volunteer may bring; a party takes its places together or waits for them together."""
    series_rule: str | None
    """For a shift of a series: the iCalendar RRULE it repeats by, on the place's clock."""
    url: Url


class ShiftItem(Shift):
    """An upcoming shift in the list of shifts, with the programme it belongs to."""

    programme: Ref


class ShiftChange(ShiftItem):
    """A shift as it is since its last change, in the feed of changed shifts: past or to come, on or cancelled."""

    status: Literal["scheduled", "cancelled"]
    changed_at: datetime
    """When the shift last changed: its text, time, place, places, waiting list or status, or what it shows of its
    programme, centre or place."""


class WithdrawnShift(Schema):
    """A shift the public no longer sees (or never saw), in the feed of changed shifts: its programme was archived or
    its initiative taken out of public view. A copy that holds it should drop it; nothing else of it is shown."""

    id: int
    status: Literal["withdrawn"]
    changed_at: datetime
    """When the shift or what it belongs to last changed."""


# --- the six kinds of record ---------------------------------------------------------------


class Written(Schema):
    """The languages of a record's written fields (its name or title, summary, mandate, description…).

    Those fields come in the language the request asked for with `lang` when the record has them in it,
    otherwise in the record's original; without `lang`, always in the original.
    """

    original_language: str
    """The language the record was written in (ISO 639-1)."""
    text_languages: list[str]
    """Every language the record's written fields are given in, its original first."""
    translations: dict[str, dict[str, str]]
    """Every written field in each of those languages."""


class Council(Written):
    """A local council (Majlis)."""

    id: int
    slug: str
    name: str
    name_local: str | None
    """Its name in the first language other than English it has one in (see `translations` for all)."""
    mandate: str
    currency: CurrencyCode
    locality: Place
    country: Country
    url: Url
    api_url: Url
    budget_url: Url
    """Its public budget pages on the site."""
    provenance: Provenance


class CouncilDetail(Council):
    """A council with its public centres, initiatives and partnerships."""

    centres: Related
    initiatives: Related
    partnerships: Related


class Centre(Written):
    """A community centre."""

    id: int
    slug: str
    name: str
    name_local: str | None
    """Its name in the first language other than English it has one in (see `translations` for all)."""
    summary: str
    locality: Place
    council: Ref | None
    services: list[Term]
    audiences: list[Term]
    opening_hours: str
    contact: Contact
    url: Url
    api_url: Url
    provenance: Provenance


class CentreDetail(Centre):
    """A centre with the initiatives it hosts, its programmes and partnerships."""

    initiatives: Related
    programmes: Related
    partnerships: Related


class Organisation(Written):
    """A non-profit, cooperative, enterprise, international body or government office."""

    id: int
    slug: str
    name: str
    name_local: str | None
    """Its name in the first language other than English it has one in (see `translations` for all)."""
    kind: OrganisationKind
    country: Country
    locality: Place | None
    summary: str
    website: str
    url: Url
    api_url: Url
    provenance: Provenance


class OrganisationDetail(Organisation):
    """An organisation with the initiatives it leads and partners on, its programmes and partnerships."""

    led_initiatives: Related
    partnered_initiatives: Related
    programmes: Related
    partnerships: Related


class Initiative(Written):
    """A published community initiative."""

    id: int
    slug: str
    title: str
    summary: str
    status: InitiativeStatus
    theme: Term
    council: Ref | None
    locality: Place
    venue: Ref | None
    lead_organisation: Ref | None
    partners: list[Ref]
    audiences: list[Term]
    starts_on: date
    ends_on: date | None
    published_at: datetime | None
    url: Url
    api_url: Url
    provenance: Provenance


class InitiativeDetail(Initiative):
    """An initiative with its description, programmes and partnerships."""

    description: str
    programmes: Related
    partnerships: Related


class Programme(Written):
    """A volunteer programme."""

    id: int
    slug: str
    name: str
    summary: str
    initiative: Ref | None
    organisation: Ref | None
    centre: Ref | None
    skills: list[Term]
    url: Url
    api_url: Url
    provenance: Provenance


class ProgrammeDetail(Programme):
    """A programme with its working languages and its next shifts (at most 50)."""

    languages: list[str]
    """BCP 47 language codes."""
    shifts: list[Shift]
    more_shifts: bool
    shifts_api_url: Url
    """Every upcoming shift of the programme, a page at a time (/api/v1/shifts?programme=…)."""
    requirements: list[str]
    """What the programme asks of its volunteers before they take a place (a safeguarding check, a training), as
    its coordinators name it: a sign-up needs their record that the volunteer has each."""


class Partnership(Written):
    """A partnership between two or more parties."""

    id: int
    slug: str
    title: str
    kind: PartnershipKind
    summary: str
    starts_on: date | None
    ends_on: date | None
    parties: list[Party]
    url: Url
    api_url: Url
    provenance: Provenance


class PartnershipDetail(Partnership):
    """A partnership with the published initiatives it serves."""

    initiatives: Related


# --- budgets --------------------------------------------------------------------------------


class ThemeAllocation(Schema):
    """Money approved for one theme by the year's current decisions."""

    theme: Term | None
    """Null for requests without a theme."""
    amount: Money
    decisions: int


class DecisionInitiative(Schema):
    """The initiative a decided request was for."""

    slug: str
    title: str


class Decision(Schema):
    """A published decision on a budget request; a correction is a new decision pointing back."""

    id: int
    decided_at: datetime
    outcome: DecisionOutcome
    requested: Money
    approved: Money
    currency: CurrencyCode
    reason: str
    request_id: int
    request_title: str
    initiative: DecisionInitiative
    theme: str | None
    """The theme's name."""
    corrects: int | None
    """The id of the decision this one corrects."""
    corrected_by: int | None
    """The id of the decision that corrects this one."""


class Budget(Schema):
    """A council's public budget for a fiscal year."""

    council: Ref
    fiscal_year: int
    currency: CurrencyCode
    envelope: Money | None
    """The year's envelope; null when none was set."""
    allocated: Money
    remaining: Money | None
    allocation_by_theme: list[ThemeAllocation]
    decisions_published: int
    """How many decisions the year has, corrections included (`decisions` holds one page of them)."""
    decisions: list[Decision]
    """One page of the published decisions, in the order they were made; `links.next` leads to the next."""
    url: Url
    csv_url: Url


# --- the envelopes around the data ------------------------------------------------------------


class Links(Schema):
    """Where this page is, and where the next one is (null on the last page)."""

    self: Url
    next: Url | None


class ListMeta(Schema):
    """What a list page answered."""

    limit: int
    count: int
    """Items on this page."""
    q: str | None
    filters: dict[str, str]
    """The filters applied, by name."""


class ChangesMeta(Schema):
    """What a page of the feed of changes answered."""

    limit: int
    count: int
    """Changes on this page."""
    more: bool
    """Whether more changes wait already: follow `links.next` now. When false, keep `links.next` and ask it later
    for the changes made since."""


class PageMeta(Schema):
    """How many decisions this page holds."""

    limit: int
    count: int


class Error(Schema):
    """Why a request failed."""

    error: str
    """The HTTP status's name."""
    message: str
    """What was wrong, in the reader's language."""
    status: int


DETAILS: dict[str, type[Schema]] = {
    "council": CouncilDetail, "centre": CentreDetail, "organisation": OrganisationDetail,
    "initiative": InitiativeDetail, "programme": ProgrammeDetail, "partnership": PartnershipDetail,
}
ITEMS: dict[str, type[Schema]] = {
    "council": Council, "centre": Centre, "organisation": Organisation,
    "initiative": Initiative, "programme": Programme, "partnership": Partnership,
}
