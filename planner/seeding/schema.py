"""The shape of every seed record (pydantic models): allowed and required fields, types, enum values.

Each model forbids unknown fields. Rules that need one record only (a shift ends after it starts,
a decision's amount matches its outcome) live here too; rules across files live in checks.py.
"""
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationInfo, model_validator

from planner.budgets.models import DecisionOutcome, LineCategory
from planner.budgets.money import ZERO, line_amount
from planner.initiatives.models import InitiativeStatus
from planner.organisations.models import OrganisationKind
from planner.partnerships.models import PartnershipKind
from planner.places.models import LocalityKind
from planner.seeding.fields import (
    Amount,
    CountryCode,
    CurrencyCode,
    Day,
    Key,
    LanguageCode,
    LocalTime,
    LongText,
    Moment,
    Name,
    TermKey,
    TimeZone,
    Year,
    loading_now,
    text,
)

FileName = text(100)
Line = text(200)
Email = text(254)
Phone = text(40)
Address = text(300)
Summary = text(500)


class SeedModel(BaseModel):
    """A part of a seed record: unknown fields are errors, values are read-only."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(SeedModel):
    """Where a record's facts come from: a document file and a heading in it."""

    document: FileName
    section: Line


class SourceDocument(SeedModel):
    """One source document and its headings (sources.yaml)."""

    file: FileName
    title: Line
    sections: list[Line] = Field(min_length=1)

    @model_validator(mode="after")
    def _title_first(self):
        if self.sections[0] != self.title:
            raise ValueError("the first section must be the document's title")
        return self


class Country(SeedModel):
    """A country, by ISO code."""

    code: CountryCode
    name: Name
    source: Source


OtherLanguage = Literal["ar", "fr", "tr"]  # the interface's languages besides English, the terms' own


class Term(SeedModel):
    """A vocabulary term: a theme, service, audience or skill, named in English and the other languages."""

    key: TermKey
    name: Name
    names: dict[OtherLanguage, Name] = {}
    description: LongText | None = None
    source: Source


class Written(SeedModel):
    """A record people write: the language its fields are in (`language`), and those fields in others.

    `translations: {fr: {name: "…", summary: "…"}}` gives a text per language; each language code must be a
    known ISO 639-1 code, each field one of the record's written fields, and no text may be mojibake.
    """

    WRITTEN: ClassVar[tuple[str, ...]] = ()

    language: LanguageCode = "en"
    translations: dict[LanguageCode, dict[str, LongText]] = {}

    @model_validator(mode="after")
    def _translations_of_written_fields(self):
        for language, fields in self.translations.items():
            if language == self.language:
                raise ValueError(f"translations.{language} repeats the language the record is written in")
            unknown = sorted(set(fields) - set(self.WRITTEN))
            if unknown:
                raise ValueError(f"translations.{language} names {', '.join(unknown)}: "
                                 f"only {', '.join(self.WRITTEN)} may be translated")
        return self


class Sourced(SeedModel):
    """A directory record: it names its source and says whether it is an illustrative example."""

    source: Source
    illustrative: StrictBool


class Locality(Sourced):
    key: Key
    name: Name
    name_local: Name | None = None
    names: dict[OtherLanguage, Name] = {}
    other_names: list[Name] = []
    country: CountryCode
    kind: LocalityKind
    timezone: TimeZone


class Council(Sourced, Written):
    WRITTEN = ("name", "mandate")

    key: Key
    name: Name
    locality: Key
    mandate: LongText
    currency: CurrencyCode
    quorum: Annotated[StrictInt, Field(ge=1)] | None = None


class Contact(SeedModel):
    email: Email
    phone: Phone | None = None
    website: Address | None = None
    address: Address | None = None


class Centre(Sourced, Written):
    WRITTEN = ("name", "summary", "opening_hours")

    key: Key
    name: Name
    locality: Key
    council: Key | None = None
    summary: LongText
    services: list[TermKey] = []
    audiences: list[TermKey] = []
    opening_hours: Line
    contact: Contact


class Organisation(Sourced, Written):
    WRITTEN = ("name", "summary")

    key: Key
    name: Name
    kind: OrganisationKind
    country: CountryCode
    locality: Key | None = None
    summary: LongText
    website: Address | None = None


class Initiative(Sourced, Written):
    WRITTEN = ("title", "summary", "description")

    key: Key
    title: Name
    summary: Summary
    description: LongText
    theme: TermKey
    council: Key
    venue: Key | None = None
    lead: Key
    partners: list[Key] = []
    audiences: list[TermKey] = []
    starts_on: Day
    ends_on: Day | None = None
    status: InitiativeStatus

    @model_validator(mode="after")
    def _ends_after_start(self):
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        return self


class Person(SeedModel):
    """A made-up volunteer of the demo (volunteers.yaml): an account nobody can log in to, at example.org."""

    key: Key
    name: Name
    email: Email
    languages: list[LanguageCode] = []

    @model_validator(mode="after")
    def _example_address(self):
        if not self.email.lower().endswith("@example.org"):
            raise ValueError("a demo volunteer's e-mail address must end in @example.org")
        return self


SeedSignupStatus = Literal["confirmed", "waitlisted", "attended", "no_show"]


class ShiftSignup(SeedModel):
    """A demo volunteer on a shift: booked or waiting before it, attended (with hours) or absent after it."""

    volunteer: Key
    status: SeedSignupStatus
    hours: Amount | None = None

    @model_validator(mode="after")
    def _hours_for_attendance(self):
        if (self.hours is not None) != (self.status == "attended"):
            raise ValueError("hours are given for attended sign-ups, and only for them")
        if self.hours is not None and not 0 < self.hours <= 24:
            raise ValueError("hours must be more than 0 and at most 24")
        return self


SeedLoggedStatus = Literal["pending", "verified"]


class LoggedHours(SeedModel):
    """Hours a demo volunteer gave a programme outside its shifts: waiting for its coordinators, or verified."""

    volunteer: Key
    worked_on: Day
    hours: Amount
    description: text(300)
    status: SeedLoggedStatus = "pending"

    @model_validator(mode="after")
    def _hours_in_a_day(self):
        if not 0 < self.hours <= 24:
            raise ValueError("hours must be more than 0 and at most 24")
        return self


class Requirement(Written):
    """Something a programme asks of its volunteers before they take a place (its name may be given in other
    languages), and the demo volunteers recorded as having it (for good)."""

    WRITTEN = ("name",)

    name: text(120)
    met_by: list[Key] = []


class Shift(Written):
    WRITTEN = ("title", "place")

    key: Key
    title: Name
    starts_at: LocalTime
    ends_at: LocalTime
    locality: Key
    centre: Key | None = None
    place: Line | None = None
    capacity: Annotated[StrictInt, Field(ge=1)]
    signup_cutoff_hours: Annotated[StrictInt, Field(ge=0)] | None = None
    repeats: Literal["weekly"] | None = None
    signups: list[ShiftSignup] = []

    @model_validator(mode="after")
    def _ends_after_start(self):
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        if self.repeats and self.signups:
            raise ValueError("a repeating shift starts empty: give sign-ups to one-off shifts only")
        return self


class Programme(Sourced, Written):
    WRITTEN = ("name", "summary")

    key: Key
    name: Name
    summary: LongText
    initiative: Key | None = None
    organisation: Key | None = None
    centre: Key | None = None
    skills: list[TermKey] = []
    languages: list[LanguageCode] = []
    shifts: list[Shift] = []
    logged_hours: list[LoggedHours] = []
    requirements: Annotated[list[Requirement], Field(max_length=10)] = []

    @model_validator(mode="after")
    def _has_owner(self):
        if self.initiative is None and self.organisation is None:
            raise ValueError("a programme needs an initiative, an organisation or both")
        names = [requirement.name.casefold() for requirement in self.requirements]
        if len(names) != len(set(names)):
            raise ValueError("a programme asks for each requirement once")
        return self


class Party(SeedModel):
    """One party to a partnership: exactly one of council, centre, organisation or country."""

    council: Key | None = None
    centre: Key | None = None
    organisation: Key | None = None
    country: CountryCode | None = None

    @model_validator(mode="after")
    def _exactly_one(self):
        if len(self.model_fields_set) != 1:
            raise ValueError("a party is exactly one of council, centre, organisation or country")
        return self

    @property
    def kind(self) -> str:
        return next(iter(self.model_fields_set))

    @property
    def key(self) -> str:
        return getattr(self, self.kind)


class Partnership(Sourced, Written):
    WRITTEN = ("title", "summary")

    key: Key
    title: Name
    kind: PartnershipKind
    summary: LongText
    parties: list[Party] = Field(min_length=2)
    initiatives: list[Key] = []
    starts_on: Day
    ends_on: Day | None = None

    @model_validator(mode="after")
    def _ends_after_start(self):
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        return self


class Envelope(Sourced):
    council: Key
    year: Year
    amount: Amount


class LineItem(Written):
    WRITTEN = ("description",)

    category: LineCategory
    description: Address
    quantity: Amount
    unit_cost: Amount

    @model_validator(mode="after")
    def _positive_quantity(self):
        if self.quantity <= 0:
            raise ValueError("quantity must be more than zero")
        return self

    def amount_in(self, currency: str) -> Decimal:
        """Quantity × unit cost in the currency's minor units."""
        return line_amount(self.quantity, self.unit_cost, currency)


GRANTS_MONEY = (DecisionOutcome.APPROVED, DecisionOutcome.PARTIALLY_APPROVED)


class Decision(Written):
    WRITTEN = ("reason",)

    outcome: DecisionOutcome
    decided: Moment
    amount: Amount | None = None
    reason: LongText

    @model_validator(mode="after")
    def _amount_matches_outcome(self):
        if (self.amount is not None) != (self.outcome in GRANTS_MONEY):
            raise ValueError("amount is given for approved and partially_approved decisions only")
        return self


class BudgetRequest(Sourced, Written):
    WRITTEN = ("title",)

    key: Key
    initiative: Key
    council: Key
    year: Year
    submitted: Moment
    title: Name
    justification: LongText
    expected_outcomes: LongText | None = None
    items: list[LineItem] = Field(min_length=1)
    decision: Decision | None = None

    def total_in(self, currency: str) -> Decimal:
        """The sum of the line amounts in the council's currency."""
        return sum((item.amount_in(currency) for item in self.items), ZERO)

    @model_validator(mode="after")
    def _dated_in_order(self, info: ValidationInfo):
        if self.submitted > loading_now(info):
            raise ValueError("submitted is later than the load: a request in the demo is already submitted")
        if self.decision is not None and not self.submitted <= self.decision.decided <= loading_now(info):
            raise ValueError("the decision must be dated after the request was submitted, and not after the load")
        return self
