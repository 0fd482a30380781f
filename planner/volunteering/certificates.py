"""Certificates of verified hours: issued by the volunteer, checked by anyone, revoked by the volunteer.

A certificate keeps what it says as it was issued (the name as printed, the hours, the programme
and organisation), so its public page shows the same as the paper even after records change.
Only hours a coordinator verified count, on shifts or logged outside them. The code is random (about 50 bits), so
certificates cannot be found by guessing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from planner.audit.services import record_event
from planner.clock import to_local, utcnow, zone_of
from planner.db import session
from planner.digits import western_digits
from planner.i18n import isolate
from planner.names import by_shown_name
from planner.places.models import Locality
from planner.translated import shown, shown_name
from planner.volunteering.certificate_fonts import unprintable
from planner.volunteering.contributions import given, programme_scope, summed
from planner.volunteering.models import Certificate, Programme, Shift
from planner.volunteering.services import VolunteeringError

NAME_LIMIT = 200
LIST_LIMIT = 100


@dataclass(frozen=True)
class Scope:
    """What a certificate covers: one programme (all its years), one calendar year (all programmes), or both."""

    programme_id: int | None = None
    year: int | None = None


def _verified(volunteer_id: int, scope: Scope):
    """SQL: the volunteer's verified hours in the scope, one row each (volunteering.contributions.given)."""
    rows = given(volunteer_id=volunteer_id, year=scope.year,
                 scope=None if scope.programme_id is None else programme_scope(scope.programme_id))
    return select(rows).where(rows.c.hours.is_not(None)).subquery()


def _names(volunteer_id: int, scope: Scope, language: str) -> tuple[str, str]:
    """The programmes and organisations the hours were given to, as printed in the certificate's language where
    they have it (a year may cover several)."""
    given_to = select(_verified(volunteer_id, scope).c.programme_id)
    programmes = session.scalars(select(Programme).where(Programme.id.in_(given_to))
                                 .options(joinedload(Programme.organisation)).order_by(Programme.name).limit(12)).all()
    names = "; ".join(dict.fromkeys(shown(programme, "name", language).text for programme in programmes))
    organisations = "; ".join(dict.fromkeys(shown(programme.organisation, "name", language).text
                                            for programme in programmes if programme.organisation))
    return names[:400], organisations[:400]


def _calendar_of(volunteer, scope: Scope) -> str | None:
    """The zone whose calendar dates a certificate: the volunteer's own place, or else the place of the latest
    shift it counts (UTC for hours logged outside the shifts alone)."""
    if volunteer.locality is not None:
        return zone_of(volunteer)
    on_shifts = select(_verified(volunteer.id, scope).c.shift_id)
    return session.scalar(select(Locality.timezone).select_from(Shift).join(Shift.locality)
                          .where(Shift.id.in_(on_shifts)).order_by(Shift.starts_at.desc()).limit(1))


def issue(volunteer, scope: Scope, name_printed: str, language: str, now: datetime | None = None) -> Certificate:
    """A new certificate of the volunteer's verified hours in the scope; refused when there are none."""
    now = now or utcnow()
    name = " ".join(name_printed.split())[:NAME_LIMIT] or volunteer.name
    if scope.programme_id is None and scope.year is None:
        raise VolunteeringError(_l("Choose a programme, a year, or both."), field="programme")
    if missing := unprintable(name):
        raise VolunteeringError(_l("The certificate cannot print %(characters)s: its typeface has no such letters. "
                                   "Please write the name in Latin, Arabic, Greek, Cyrillic or Hebrew letters.",
                                   characters=isolate(" ".join(missing))), field="name")
    verified = _verified(volunteer.id, scope)
    entries, shifts, hours, logged = session.execute(
        select(func.count(), func.count(verified.c.shift_id), func.sum(verified.c.hours),
               summed(case((verified.c.shift_id.is_(None), verified.c.hours)))).select_from(verified)).one()
    if not entries:
        raise VolunteeringError(_l("You have no verified hours there yet, so there is nothing to certify."),
                                field="programme")
    programmes, organisations = _names(volunteer.id, scope, language)
    certificate = Certificate(volunteer_id=volunteer.id, programme_id=scope.programme_id, year=scope.year,
                              name_printed=name, hours=Decimal(hours).quantize(Decimal("0.01")), shifts=shifts,
                              logged_hours=Decimal(logged or 0),
                              programme_name=programmes, organisation_name=organisations, language=language,
                              issued_at=now, issued_on=to_local(now, _calendar_of(volunteer, scope)).date())
    session.add(certificate)
    session.flush()
    record_event(volunteer, "certificate.issue", certificate,
                 after={"code": certificate.code, "hours": certificate.hours, "programme": programmes})
    return certificate


def revoke(volunteer, certificate: Certificate, now: datetime | None = None) -> Certificate:
    """Withdraw a certificate: its page says from then on that it is no longer valid."""
    if certificate.revoked_at is not None:
        raise VolunteeringError(_l("This certificate is already revoked."))
    certificate.revoked_at = now or utcnow()
    record_event(volunteer, "certificate.revoke", certificate, before={"valid": True}, after={"valid": False})
    session.flush()
    return certificate


def revoke_all_of(user, now: datetime | None = None) -> None:
    """The account is closing: every certificate it issued stops being valid, and forgets the name it printed
    (accounts.signals.account_closing); its page still tells whoever checks it that it was revoked."""
    now = now or utcnow()
    for certificate in session.scalars(select(Certificate).where(Certificate.volunteer_id == user.id)):
        certificate.revoked_at = certificate.revoked_at or now
        certificate.name_printed = ""
    session.flush()


def by_code(code: str) -> Certificate | None:
    """The certificate with this code (as printed, with or without its dash, in any case, its digits typed on any
    keyboard), or None."""
    cleaned = "".join(ch for ch in western_digits((code or "")[:32]).upper() if ch.isalnum())
    if not cleaned:
        return None
    return session.scalars(select(Certificate).where(Certificate.code == cleaned)).first()


def of_volunteer(volunteer_id: int) -> list[Certificate]:
    """The volunteer's certificates, newest first."""
    return list(session.scalars(select(Certificate).where(Certificate.volunteer_id == volunteer_id)
                                .order_by(Certificate.issued_at.desc(), Certificate.id.desc()).limit(LIST_LIMIT)))


def years_with_hours(volunteer_id: int) -> list[int]:
    """The calendar years in which the volunteer has verified hours (a shift's year on its place's calendar),
    latest first."""
    verified = _verified(volunteer_id, Scope())
    return [int(value) for value in session.scalars(
        select(verified.c.year).distinct().order_by(verified.c.year.desc()).limit(50))]


def shown_code(code: str) -> str:
    """ABCDE-FGHIJ: easier to read out and to type."""
    return f"{code[:5]}-{code[5:]}" if len(code) == 10 else code


def programmes_with_hours(volunteer_id: int) -> list[tuple[int, str]]:
    """(id, name in the reader's language) of the programmes in which the volunteer has verified hours."""
    given_to = select(_verified(volunteer_id, Scope()).c.programme_id)
    programmes = session.scalars(select(Programme).where(Programme.id.in_(given_to))
                                 .order_by(Programme.name).limit(200))
    return by_shown_name([(programme.id, shown_name(programme)) for programme in programmes])
