"""Small builders for the records tests need; each flushes so ids are ready."""
from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cache

from planner.accounts.models import TWO_FACTOR_ROLES, Role, RoleGrant, User, canonical_email
from planner.accounts.passwords import hash_password
from planner.centres.models import Centre
from planner.clock import utcnow
from planner.councils.models import Council
from planner.db import session
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.organisations.models import Organisation, OrganisationKind
from planner.places.models import Country, Locality
from planner.volunteering.models import Programme, Shift

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


def _n() -> int:
    return next(_numbers)


@cache
def _password_hash() -> str:
    return hash_password(PASSWORD)


def _saved(record):
    session.add(record)
    session.flush()
    return record


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # tests compute codes with pyotp.TOTP(TOTP_SECRET)


def user(name: str | None = None, email: str | None = None, two_factor: bool = False, **fields) -> User:
    """An account whose address is confirmed (pass email_verified_at=None for one that is not)."""
    number = _n()
    address = email or f"person{number}-{id(fields)}@example.org"
    fields.setdefault("email_verified_at", datetime(2026, 1, 1, tzinfo=UTC))
    fields.setdefault("password_changed_at", datetime(2026, 1, 1, tzinfo=UTC))  # as every account that chose one
    if two_factor:
        fields.update(totp_secret=TOTP_SECRET, totp_confirmed_at=datetime(2026, 1, 1, tzinfo=UTC))
    return _saved(
        User(
            name=name or f"Person {number}",
            email=address,
            email_canonical=canonical_email(address),
            password_hash=_password_hash(),
            **fields,
        )
    )


def grant(holder: User, role: Role, council=None, organisation=None, centre=None, two_factor: bool = True) -> RoleGrant:
    """A live grant; a role that needs two-step verification turns it on for the holder unless two_factor=False."""
    if two_factor and role in TWO_FACTOR_ROLES and not holder.has_two_factor:
        holder.totp_secret, holder.totp_confirmed_at = TOTP_SECRET, datetime(2026, 1, 1, tzinfo=UTC)
    ids = {
        "council_id": council.id if council else None,
        "organisation_id": organisation.id if organisation else None,
        "centre_id": centre.id if centre else None,
    }
    record = _saved(RoleGrant(user_id=holder.id, role=role, scope_key=RoleGrant.scope_key_for(**ids), **ids))
    session.expire(holder, ["grants"])
    return record


def country(code: str = "JO") -> Country:
    return session.get(Country, code) or _saved(Country(code=code, name=code))


def locality(name: str | None = None, country_code: str = "JO", timezone: str = "Asia/Amman") -> Locality:
    number = _n()
    country(country_code)
    return _saved(
        Locality(slug=f"test-place-{number}", name=name or f"Test Place {number}", country_code=country_code,
                 timezone=timezone)
    )


def council(name: str | None = None, place: Locality | None = None, currency: str = "JOD", **fields) -> Council:
    number = _n()
    place = place or locality()
    return _saved(
        Council(slug=f"test-council-{number}", name=name or f"Test Council {number}", locality_id=place.id,
                currency=currency, mandate="Budgets and local services.", **fields)
    )


def organisation(name: str | None = None, country_code: str = "JO", **fields) -> Organisation:
    number = _n()
    # the relation itself, not only its code: the search indexer reads it during the flush
    home = country(country_code)
    return _saved(
        Organisation(slug=f"test-organisation-{number}", name=name or f"Test Organisation {number}",
                     kind=fields.pop("kind", OrganisationKind.NONPROFIT), country=home, **fields)
    )


def centre(name: str | None = None, in_council: Council | None = None, **fields) -> Centre:
    number = _n()
    in_council = in_council or council()
    return _saved(
        Centre(slug=f"test-centre-{number}", name=name or f"Test Centre {number}",
               locality_id=in_council.locality_id, council_id=in_council.id, **fields)
    )


def initiative(title: str | None = None, in_council: Council | None = None, lead: Organisation | None = None,
               status: InitiativeStatus = InitiativeStatus.PUBLISHED, theme_key: str = "youth", **fields) -> Initiative:
    number = _n()
    in_council = in_council or council()
    lead = lead or organisation()
    return _saved(
        Initiative(slug=f"test-initiative-{number}", title=title or f"Test Initiative {number}",
                   summary=fields.pop("summary", "A test initiative."), theme=theme(theme_key), council=in_council,
                   locality_id=in_council.locality_id, lead_organisation=lead,
                   starts_on=fields.pop("starts_on", date(2026, 1, 1)), status=status, **fields)
    )


def programme(name: str | None = None, owner: Organisation | None = None, **fields) -> Programme:
    number = _n()
    owner = owner or organisation()
    return _saved(
        Programme(slug=f"test-programme-{number}", name=name or f"Test Programme {number}",
                  organisation_id=owner.id, **fields)
    )


def shift(of: Programme | None = None, capacity: int = 5, starts_at: datetime | None = None,
          hours: float = 3, place: Locality | None = None, **fields) -> Shift:
    of = of or programme()
    starts_at = starts_at or (utcnow() + timedelta(days=7)).replace(microsecond=0)
    place = place or locality()
    return _saved(
        Shift(programme_id=of.id, title=fields.pop("title", f"Test shift {_n()}"), starts_at=starts_at,
              ends_at=starts_at + timedelta(hours=hours), locality_id=place.id, capacity=capacity, **fields)
    )


def series(of: Programme, place: Locality | None = None, **fields):
    """A weekly series (its shifts are not made: call volunteering.series.make_shifts for them)."""
    from planner.volunteering.models import ShiftSeries

    fields.setdefault("first_start_local", (utcnow() + timedelta(days=7)).replace(tzinfo=None, microsecond=0))
    return _saved(ShiftSeries(programme_id=of.id, rule=fields.pop("rule", "RRULE:FREQ=WEEKLY;COUNT=4"),
                              title=fields.pop("title", f"Test series {_n()}"), minutes=fields.pop("minutes", 120),
                              locality_id=(place or locality()).id, capacity=fields.pop("capacity", 5),
                              exceptions=[], **fields))


def certificate(volunteer: User, **fields):
    """A certificate of hours as issued (written directly, without the rules)."""
    from planner.volunteering.models import Certificate

    fields.setdefault("issued_at", datetime(2026, 6, 1, tzinfo=UTC))
    fields.setdefault("issued_on", fields["issued_at"].date())
    return _saved(Certificate(volunteer_id=volunteer.id, name_printed=volunteer.name, hours=Decimal("3.00"),
                              shifts=1, programme_name="Test Programme", organisation_name="Test Organisation",
                              language="en", **fields))


# --- vocabulary terms (fetched when they exist, e.g. from the seeds) --------------------------

from planner.partnerships.models import Partnership, PartnershipKind, PartnershipParty  # noqa: E402
from planner.vocab.models import Audience, Service, Skill, Theme  # noqa: E402


def _term(model, key: str, name: str | None):
    return session.get(model, key) or _saved(model(key=key, name=name or key.replace("-", " ").capitalize()))


def theme(key: str = "youth", name: str | None = None) -> Theme:
    return _term(Theme, key, name)


def audience(key: str = "refugees", name: str | None = None) -> Audience:
    return _term(Audience, key, name)


def service(key: str = "language-classes", name: str | None = None) -> Service:
    return _term(Service, key, name)


def skill(key: str | None = None, name: str | None = None) -> Skill:
    return _term(Skill, key or f"test-skill-{_n()}", name)


# --- people with roles --------------------------------------------------------------------


def admin(two_factor: bool = True, **fields) -> User:
    """A user holding the administrator role (with two-step verification on, so the role is in effect)."""
    person = user(two_factor=two_factor, **fields)
    grant(person, Role.ADMIN, two_factor=two_factor)
    return person


def coordinator(of: Organisation | None = None, centre: Centre | None = None, **fields) -> User:
    """A user coordinating this organisation (or centre)."""
    person = user(**fields)
    if centre is not None:
        grant(person, Role.COORDINATOR, centre=centre)
    else:
        grant(person, Role.COORDINATOR, organisation=of or organisation())
    return person


def council_member(of: Council, role: Role = Role.COUNCIL_MEMBER, two_factor: bool = True, **fields) -> User:
    """A user sitting on this council (member, chair or treasurer), with two-step verification on."""
    person = user(two_factor=two_factor, **fields)
    grant(person, role, council=of, two_factor=two_factor)
    return person


# --- partnerships and sign-ups -----------------------------------------------------------


def _party(record, agreed: bool = True) -> PartnershipParty:
    if isinstance(record, Country):
        return PartnershipParty(party_key=f"country:{record.code}", country_code=record.code, agreed=agreed)
    field = {Council: "council_id", Centre: "centre_id", Organisation: "organisation_id"}[type(record)]
    return PartnershipParty(party_key=f"{field.removesuffix('_id')}:{record.id}", agreed=agreed, **{field: record.id})


def partnership(title: str | None = None, parties=(), initiatives=(), created_by: User | None = None,
                kind: PartnershipKind = PartnershipKind.COOPERATIVE, asked=(), **fields) -> Partnership:
    """A partnership between these parties (councils, centres, organisations or Country rows), each agreed, and
    those `asked`, not yet (then public only once two have agreed, as partnerships.services keeps it)."""
    number = _n()
    record = Partnership(slug=f"test-partnership-{number}", title=title or f"Test Partnership {number}", kind=kind,
                         starts_on=fields.pop("starts_on", date(2026, 1, 1)),
                         created_by_id=created_by.id if created_by else None, **fields)
    record.parties = [_party(party) for party in (parties or (organisation(), organisation()))]
    if asked:
        record.parties += [_party(party, agreed=False) for party in asked]
        record.is_agreed = len(record.agreed_parties) >= 2
    record.initiatives = list(initiatives)
    return _saved(record)


def signup(on, volunteer: User | None = None, status=None, **fields):
    """A sign-up written directly (no rules applied); confirmed places also count on the shift."""
    from planner.volunteering.models import HOLDS_A_PLACE, Signup, SignupStatus

    status = status or SignupStatus.CONFIRMED
    volunteer = volunteer or user()
    record = _saved(Signup(shift_id=on.id, volunteer_id=volunteer.id, status=status, **fields))
    if status in HOLDS_A_PLACE:
        on.confirmed_count += record.party_size or 1
        session.flush()
    return record


def marked(programme, volunteer: User, hours: str, starts_at: datetime, status=None,
           verified_at: datetime | None = None):
    """A shift of the programme whose roster recorded the volunteer: attended with these hours verified (or
    another outcome, such as a no-show); the shift is returned."""
    from planner.volunteering.models import SignupStatus

    recorded = shift(of=programme, starts_at=starts_at)
    signup(recorded, volunteer, status=status or SignupStatus.ATTENDED, hours=Decimal(hours),
           hours_verified_at=verified_at or starts_at + timedelta(days=1))
    return recorded


def logged_hours(volunteer: User, programme, hours: str = "2.00", worked_on: date = date(2026, 5, 10),
                 status=None, **fields):
    """Hours a volunteer logged outside the shifts, written directly (no rules applied): waiting by default."""
    from planner.volunteering.models import LoggedHours, LoggedHoursStatus

    fields.setdefault("logged_at", datetime.combine(worked_on, datetime.min.time(), tzinfo=UTC) + timedelta(days=1))
    fields.setdefault("description", "Translated the welcome leaflet")
    return _saved(LoggedHours(volunteer_id=volunteer.id, programme_id=programme.id, worked_on=worked_on,
                              hours=Decimal(hours), status=status or LoggedHoursStatus.PENDING, **fields))


def requirement(programme, name: str = "Child safeguarding check"):
    """Something the programme asks of its volunteers before they take a place (no rules applied)."""
    from planner.volunteering.models import ProgrammeRequirement

    return _saved(ProgrammeRequirement(programme_id=programme.id, name=name, asking=[programme],
                                       created_at=datetime(2026, 1, 1, tzinfo=UTC)))


def requirement_met(asked, volunteer: User, valid_until: date | None = None):
    """A coordinator's record that the volunteer has what the programme asks (no rules applied)."""
    from planner.volunteering.models import RequirementMet

    return _saved(RequirementMet(requirement_id=asked.id, volunteer_id=volunteer.id, valid_until=valid_until,
                                 recorded_at=datetime(2026, 1, 1, tzinfo=UTC)))


# --- budgets --------------------------------------------------------------------------------


def envelope(of: Council, year: int = 2026, amount: str = "10000.00", allocated: str = "0.00"):
    from planner.budgets.models import BudgetEnvelope

    return _saved(BudgetEnvelope(council_id=of.id, fiscal_year=year, amount=Decimal(amount),
                                 allocated=Decimal(allocated), currency=of.currency))


def budget_request(for_initiative: Initiative | None = None, year: int = 2026, items=None, status=None,
                   created_by: User | None = None, title: str | None = None):
    """A request with one version; items are (category, description, quantity, unit cost) tuples."""
    from planner.budgets.models import BudgetRequest, LineItem, RequestStatus, RequestVersion
    from planner.budgets.money import line_amount

    for_initiative = for_initiative or initiative()
    status = status or RequestStatus.DRAFT
    items = items or [("staff", "Facilitator (months)", "2", "500.00")]
    council_of = session.get(Council, for_initiative.council_id)
    lines = [LineItem(position=n, category=category, description=description, quantity=Decimal(quantity),
                      unit_cost=Decimal(cost), amount=line_amount(Decimal(quantity), Decimal(cost), council_of.currency))
             for n, (category, description, quantity, cost) in enumerate(items, start=1)]
    total = sum((line.amount for line in lines), Decimal("0.00"))
    sent = None if status is RequestStatus.DRAFT else utcnow()
    request = BudgetRequest(
        initiative_id=for_initiative.id, council_id=for_initiative.council_id,
        organisation_id=for_initiative.lead_organisation_id, fiscal_year=year,
        title=title or f"Test request {_n()}", status=status, version_number=1, total=total,
        currency=council_of.currency, created_by_id=created_by.id if created_by else None, submitted_at=sent,
        versions=[RequestVersion(number=1, justification="Needed for the test.", total=total, items=lines,
                                 submitted_at=sent)],
    )
    return _saved(request)


def decision(on, amount: str = "0.00", outcome=None, decided_by: User | None = None, reason: str = "Test decision."):
    """A published decision on this request, written directly (the envelope is not adjusted)."""
    from planner.budgets.models import Decision, DecisionOutcome

    return _saved(Decision(
        request_id=on.id, version_number=on.version_number, council_id=on.council_id, fiscal_year=on.fiscal_year,
        outcome=outcome or DecisionOutcome.APPROVED, approved_amount=Decimal(amount), currency=on.currency,
        reason=reason, decided_by_id=decided_by.id if decided_by else None,
    ))
