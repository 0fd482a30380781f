"""The options of the record forms' select lists, loaded by the views (validators never query).

Lists of records are capped: a select is no place for more rows than this, and the cap keeps
the page bounded whatever the data grows to.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from planner.centres.models import Centre
from planner.councils.models import Council
from planner.db import RecordStatus, session
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.organisations.models import Organisation
from planner.places.models import Country, Locality
from planner.vocab.models import Audience, Service, Theme

CHOICE_LIMIT = 1000

Choices = list[tuple]


def _rows(statement) -> list:
    return list(session.scalars(statement.limit(CHOICE_LIMIT)).unique())


def localities() -> Choices:
    """Every locality, as "City (Country)", by country then name."""
    rows = _rows(select(Locality).join(Locality.country).order_by(Country.name, Locality.name))
    return [(place.id, f"{place.name} ({place.country.name})") for place in rows]


def countries() -> Choices:
    """Every country, by name."""
    return [(country.code, country.name) for country in _rows(select(Country).order_by(Country.name))]


def councils(only_ids: Iterable[int] | None = None) -> Choices:
    """Active councils (only these ids when given), by name."""
    statement = select(Council).where(Council.status == RecordStatus.ACTIVE).order_by(Council.name)
    if only_ids is not None:
        statement = statement.where(Council.id.in_(list(only_ids)))
    return [(council.id, council.name) for council in _rows(statement)]


def organisations(only_ids: Iterable[int] | None = None) -> Choices:
    """Active organisations (only these ids when given), by name."""
    statement = select(Organisation).where(Organisation.status == RecordStatus.ACTIVE).order_by(Organisation.name)
    if only_ids is not None:
        statement = statement.where(Organisation.id.in_(list(only_ids)))
    return [(organisation.id, organisation.name) for organisation in _rows(statement)]


def centres() -> Choices:
    """Active centres, as "Centre (Council)", by council then name."""
    statement = (
        select(Centre)
        .outerjoin(Centre.council)
        .options(joinedload(Centre.council))
        .where(Centre.status == RecordStatus.ACTIVE)
        .order_by(Council.name, Centre.name)
    )
    return [(centre.id, _centre_label(centre)) for centre in _rows(statement)]


def _centre_label(centre: Centre) -> str:
    return f"{centre.name} ({centre.council.name})" if centre.council else centre.name


def initiatives(organisation_ids: Iterable[int] | None = None) -> Choices:
    """Published initiatives, plus those of these organisations whatever their state, by title."""
    shown = Initiative.status == InitiativeStatus.PUBLISHED
    if organisation_ids:
        shown = or_(shown, Initiative.lead_organisation_id.in_(list(organisation_ids)))
    statement = select(Initiative).where(shown, Initiative.status != InitiativeStatus.ARCHIVED)
    return [(initiative.id, initiative.title) for initiative in _rows(statement.order_by(Initiative.title))]


def themes() -> Choices:
    return [(theme.key, theme.name) for theme in _rows(select(Theme).order_by(Theme.name))]


def audiences() -> Choices:
    return [(audience.key, audience.name) for audience in _rows(select(Audience).order_by(Audience.name))]


def services() -> Choices:
    return [(service.key, service.name) for service in _rows(select(Service).order_by(Service.name))]


def including(choices: Choices, current: Iterable[tuple]) -> Choices:
    """The choices plus the record's current values (an archived partner stays selectable on edit)."""
    present = {value for value, _label in choices}
    return [*choices, *(pair for pair in current if pair[0] not in present)]


def with_blank(choices: Choices, label: str) -> Choices:
    """A select's choices with an empty first option (shown as "choose…" or "none")."""
    return [("", label), *choices]
