"""Small builders for the records tests need; each flushes so ids are ready."""
from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from functools import cache

from planner.accounts.models import Role, RoleGrant, User, canonical_email
from planner.accounts.passwords import hash_password
from planner.centres.models import Centre
from planner.councils.models import Council
from planner.db import session, utcnow
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


def user(name: str | None = None, email: str | None = None, **fields) -> User:
    number = _n()
    address = email or f"person{number}-{id(fields)}@example.org"
    return _saved(
        User(
            name=name or f"Person {number}",
            email=address,
            email_canonical=canonical_email(address),
            password_hash=_password_hash(),
            **fields,
        )
    )


def grant(holder: User, role: Role, council=None, organisation=None, centre=None) -> RoleGrant:
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
                   summary="A test initiative.", theme=theme(theme_key), council=in_council,
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


# --- vocabulary, partnerships, people with roles (records feature) -------------------------


def theme(key: str = "youth", name: str | None = None):
    """The theme with this key, made if the seed data has not loaded it."""
    from planner.vocab.models import Theme

    return session.get(Theme, key) or _saved(Theme(key=key, name=name or key.replace("-", " ").title()))


def audience(key: str = "youth", name: str | None = None):
    """The audience with this key, made if missing."""
    from planner.vocab.models import Audience

    return session.get(Audience, key) or _saved(Audience(key=key, name=name or key.replace("-", " ").title()))


def service(key: str = "language-classes", name: str | None = None):
    """The centre service with this key, made if missing."""
    from planner.vocab.models import Service

    return session.get(Service, key) or _saved(Service(key=key, name=name or key.replace("-", " ").title()))


def admin(**fields) -> User:
    """A user holding the administrator role."""
    person = user(**fields)
    grant(person, Role.ADMIN)
    return person


def coordinator(of: Organisation | None = None, centre: Centre | None = None, **fields) -> User:
    """A user coordinating this organisation (or centre)."""
    person = user(**fields)
    if centre is not None:
        grant(person, Role.COORDINATOR, centre=centre)
    else:
        grant(person, Role.COORDINATOR, organisation=of or organisation())
    return person


def council_member(of: Council, role: Role = Role.COUNCIL_MEMBER, **fields) -> User:
    """A user sitting on this council (member, chair or treasurer)."""
    person = user(**fields)
    grant(person, role, council=of)
    return person


def partnership(title: str | None = None, parties: list | None = None, created_by: User | None = None, **fields):
    """A partnership between these parties (councils, centres, organisations or Country rows)."""
    from planner.partnerships.models import Partnership, PartnershipKind, PartnershipParty

    number = _n()
    record = Partnership(slug=f"test-partnership-{number}", title=title or f"Test Partnership {number}",
                         kind=fields.pop("kind", PartnershipKind.COOPERATIVE),
                         created_by_id=created_by.id if created_by else None, **fields)
    for party in parties or [organisation(), organisation()]:
        column = {Council: "council_id", Centre: "centre_id", Organisation: "organisation_id"}.get(type(party))
        if column:
            record.parties.append(PartnershipParty(party_key=f"{column[:-3]}:{party.id}", **{column: party.id}))
        else:
            record.parties.append(PartnershipParty(party_key=f"country:{party.code}", country_code=party.code))
    return _saved(record)
def skill(key: str | None = None, name: str | None = None):
    """The skill with that key, made if it does not exist yet."""
    from planner.vocab.models import Skill

    key = key or f"test-skill-{_n()}"
    return session.get(Skill, key) or _saved(Skill(key=key, name=name or key.replace("-", " ").title()))


def signup(on, volunteer: User | None = None, status=None, **fields):
    """A sign-up written directly (no rules applied); confirmed places also count on the shift."""
    from planner.volunteering.models import HOLDS_A_PLACE, Signup, SignupStatus

    status = status or SignupStatus.CONFIRMED
    volunteer = volunteer or user()
    record = _saved(Signup(shift_id=on.id, volunteer_id=volunteer.id, status=status, **fields))
    if status in HOLDS_A_PLACE:
        on.confirmed_count += 1
        session.flush()
    return record
