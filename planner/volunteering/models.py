"""Programmes, shifts and sign-ups; the counters and constraints that keep a shift from overbooking."""
from __future__ import annotations

import enum
import secrets
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ColumnElement,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    JSON,
    Select,
    String,
    Table,
    UniqueConstraint,
    and_,
    exists,
    or_,
    select,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import Base
from planner.types import (
    ProvenanceMixin,
    RecordStatus,
    ScaledDecimal,
    TimestampsMixin,
    UTCDateTime,
    enum_type,
    intpk,
    name_str,
    slug_str,
    text_str,
)
from planner.vocab.models import Skill
from planner.translated import TranslatedMixin

if TYPE_CHECKING:
    from planner.accounts.models import User
    from planner.centres.models import Centre
    from planner.initiatives.models import Initiative
    from planner.organisations.models import Organisation
    from planner.places.models import Locality

DEFAULT_SHORT_NOTICE_HOURS = 48
LONGEST_SHORT_NOTICE_HOURS = 24 * 14
INSTRUCTIONS_LENGTH = 1000  # a shift's word to its volunteers: a few sentences, read on a phone

programme_skills = Table(
    "programme_skills",
    Base.metadata,
    Column("programme_id", ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_key", ForeignKey("skills.key"), primary_key=True, index=True),
)

programme_languages = Table(
    "programme_languages",
    Base.metadata,
    Column("programme_id", ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
    Column("language_code", String(8), primary_key=True, index=True),
)


class Programme(ProvenanceMixin, TimestampsMixin, TranslatedMixin, Base):
    """A volunteer programme of an initiative or an organisation."""

    __tablename__ = "programmes"
    TRANSLATED = ("name", "summary")
    __table_args__ = (
        CheckConstraint(
            "initiative_id IS NOT NULL OR organisation_id IS NOT NULL OR centre_id IS NOT NULL", name="has_owner"
        ),
    )

    id: Mapped[intpk]
    slug: Mapped[slug_str]
    name: Mapped[name_str]
    summary: Mapped[text_str]
    initiative_id: Mapped[int | None] = mapped_column(ForeignKey("initiatives.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id"), index=True)
    status: Mapped[RecordStatus] = mapped_column(
        enum_type(RecordStatus, "programme_status"), default=RecordStatus.ACTIVE, index=True
    )
    # How many hours before each shift its confirmed volunteers are reminded (see volunteering.reminders).
    reminder_hours: Mapped[list[int]] = mapped_column(JSON, server_default=text("'[48, 3]'"))
    # A place given up this many hours or fewer before a shift, which no one waiting could take, is e-mailed to the
    # programme's coordinators (0: never; see volunteering.services.cancel).
    short_notice_hours: Mapped[int] = mapped_column(Integer, server_default=text(str(DEFAULT_SHORT_NOTICE_HOURS)))

    initiative: Mapped[Initiative | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    centre: Mapped[Centre | None] = relationship()
    skills: Mapped[list[Skill]] = relationship(secondary=programme_skills, order_by=Skill.name)
    shifts: Mapped[list[Shift]] = relationship(back_populates="programme", order_by="Shift.starts_at")

    @hybrid_property
    def is_public(self) -> bool:
        """Live, and not part of an initiative that is still private (a draft's programme is as private)."""
        return self.status is RecordStatus.ACTIVE and (self.initiative is None or self.initiative.is_public)

    @is_public.inplace.expression
    @classmethod
    def _is_public_condition(cls) -> ColumnElement[bool]:
        from planner.initiatives.models import Initiative

        published = exists().where(Initiative.id == cls.initiative_id, Initiative.is_public)
        return and_(cls.status == RecordStatus.ACTIVE, or_(cls.initiative_id.is_(None), published))


class ShiftStatus(enum.StrEnum):
    """A shift is scheduled until its coordinator cancels it."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class ShiftSeries(TimestampsMixin, TranslatedMixin, Base):
    """Shifts that repeat: an iCalendar RRULE on the locality's clock, and the template each shift is made from.

    The concrete shifts are created ahead within a rolling horizon (see volunteering.series);
    each remembers the occurrence it was made for, so making them again never doubles one.
    """

    __tablename__ = "shift_series"
    __table_args__ = (Index("ix_shift_series_created", "created_at"),)  # the followers' e-mails look for new series
    TRANSLATED = ("title", "place", "instructions")

    id: Mapped[intpk]
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    key: Mapped[str] = mapped_column(String(120), default="")  # the seed's key, for series loaded from seeds
    rule: Mapped[str] = mapped_column(String(500))  # RRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=10 (no DTSTART)
    first_start_local: Mapped[datetime] = mapped_column(DateTime())  # DTSTART, wall-clock time in the locality
    minutes: Mapped[int] = mapped_column(Integer)
    exceptions: Mapped[list[str]] = mapped_column(JSON, default=list)  # local dates (ISO) left out: EXDATE
    title: Mapped[name_str]
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"))
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id"))
    place: Mapped[str] = mapped_column(String(200), default="")
    # what to bring or wear, where to meet, whom to ask for: on the shift's page, its e-mails and calendar event
    instructions: Mapped[str] = mapped_column(String(INSTRUCTIONS_LENGTH), server_default=text("''"))
    capacity: Mapped[int] = mapped_column(Integer)
    cutoff_hours: Mapped[int] = mapped_column(Integer, default=0)
    party_limit: Mapped[int] = mapped_column(Integer, default=0)
    made_until_local: Mapped[datetime | None] = mapped_column(DateTime())  # shifts exist up to here
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # the series this one carries on ("this shift and the following" edited): its shifts are not new ones
    continues_id: Mapped[int | None] = mapped_column(ForeignKey("shift_series.id"))

    programme: Mapped[Programme] = relationship()
    locality: Mapped[Locality] = relationship()
    centre: Mapped[Centre | None] = relationship()


class Shift(TimestampsMixin, TranslatedMixin, Base):
    """One opportunity: a time, a place and a number of places."""

    __tablename__ = "shifts"
    TRANSLATED = ("title", "place", "instructions")
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("confirmed_count >= 0 AND confirmed_count <= capacity", name="within_capacity"),
        Index("ix_shifts_series_starts", "series_id", "starts_at"),
        Index("uq_shifts_series_occurrence", "series_id", "occurrence", unique=True),
        Index("ix_shifts_updated", "updated_at", "id"),  # the API's feed of changed shifts reads in this order
        Index("ix_shifts_created", "created_at"),  # the followers' e-mails look for shifts added lately
    )

    id: Mapped[intpk]
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    key: Mapped[str] = mapped_column(String(120), default="")
    title: Mapped[name_str]
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    signup_cutoff_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"), index=True)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id"), index=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    # what to bring or wear, where to meet, whom to ask for: on the shift's page, its e-mails and calendar event
    instructions: Mapped[str] = mapped_column(String(INSTRUCTIONS_LENGTH), server_default=text("''"))
    capacity: Mapped[int] = mapped_column(Integer)
    confirmed_count: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[ShiftStatus] = mapped_column(
        enum_type(ShiftStatus, "shift_status"), default=ShiftStatus.SCHEDULED, index=True
    )
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")
    # The series this shift was made from, and the occurrence (local wall-clock start) it was made for.
    series_id: Mapped[int | None] = mapped_column(ForeignKey("shift_series.id"))
    occurrence: Mapped[datetime | None] = mapped_column(DateTime())
    # How many others one volunteer may bring (0: each person signs up alone); see services.sign_up.
    party_limit: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    # those who came to help with no account here (a school class, neighbours passing by), counted, not named, with
    # their hours each: the hours reports add them beside the volunteers on the roster
    unnamed_helpers: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    unnamed_hours_each: Mapped[Decimal] = mapped_column(ScaledDecimal(8, 2), server_default=text("0"))

    programme: Mapped[Programme] = relationship(back_populates="shifts")
    locality: Mapped[Locality] = relationship()
    centre: Mapped[Centre | None] = relationship()
    series: Mapped[ShiftSeries | None] = relationship()

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.confirmed_count, 0)


class SignupStatus(enum.StrEnum):
    """Where a volunteer stands on a shift."""

    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    ATTENDED = "attended"
    NO_SHOW = "no_show"


HOLDS_A_PLACE = (SignupStatus.CONFIRMED, SignupStatus.ATTENDED, SignupStatus.NO_SHOW)


GUEST_NAMES_LENGTH = 500  # the names of those a volunteer brings, as one text
NOTE_LENGTH = 300  # what a volunteer tells the coordinator as they sign up
CHECKIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L to misread at a busy door
CHECKIN_LENGTH = 8  # about 40 random bits: guessing one of a shift's codes is hopeless


def new_checkin_code() -> str:
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(CHECKIN_LENGTH))


def shown_checkin_code(code: str) -> str:
    """ABCD-EFGH: easier to read out at a door."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CHECKIN_LENGTH else code


class Signup(TimestampsMixin, Base):
    """A volunteer on a shift: confirmed, waiting, cancelled, or marked after the event."""

    __tablename__ = "signups"
    __table_args__ = (
        Index(
            "uq_signups_one_live_per_volunteer",
            "shift_id",
            "volunteer_id",
            unique=True,
            sqlite_where=text("status != 'cancelled'"),
            postgresql_where=text("status != 'cancelled'"),
        ),
        Index("ix_signups_shift_status", "shift_id", "status", "id"),
        Index("ix_signups_volunteer_status", "volunteer_id", "status"),
        Index("uq_signups_shift_checkin_code", "shift_id", "checkin_code", unique=True),
        CheckConstraint("hours IS NULL OR hours >= 0", name="hours_not_negative"),  # the most: roster.most_hours
    )

    id: Mapped[intpk]
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id"))
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[SignupStatus] = mapped_column(enum_type(SignupStatus, "signup_status"))
    # The volunteer and the people they bring: the party takes (or waits for) this many places at once.
    party_size: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    guest_names: Mapped[str] = mapped_column(String(GUEST_NAMES_LENGTH), default="", server_default=text("''"))
    # what the volunteer told the coordinator as they signed up (coming late, needing step-free access…)
    note: Mapped[str] = mapped_column(String(NOTE_LENGTH), default="", server_default=text("''"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hours: Mapped[Decimal | None] = mapped_column(ScaledDecimal(8, 2))
    hours_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hours_verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    coming_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # "I'll be there" in a reminder
    # The code the volunteer shows at the door (see volunteering.checkin); it checks in this sign-up only.
    checkin_code: Mapped[str] = mapped_column(String(12), default=lambda: new_checkin_code())
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    shift: Mapped[Shift] = relationship()
    volunteer: Mapped[User] = relationship(foreign_keys=[volunteer_id])


class ProgrammeFollower(Base):
    """Someone who asked to be e-mailed the shifts added to a programme (volunteering.following)."""

    __tablename__ = "programme_followers"
    __table_args__ = (Index("ix_programme_followers_told", "programme_id", "told_up_to"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True)
    followed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    told_up_to: Mapped[datetime] = mapped_column(UTCDateTime())  # shifts added after this instant are news to them
    written_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # their last e-mail of this programme's news

    programme: Mapped[Programme] = relationship()
    user: Mapped[User] = relationship()


class ShiftReminder(Base):
    """A reminder queued for one sign-up, so many hours before the start it was worked out for.

    The unique key is what makes reminders exactly-once: two workers that both find the same
    reminder due both try to add this row, and only one can (see volunteering.reminders).
    """

    __tablename__ = "shift_reminders"
    __table_args__ = (UniqueConstraint("signup_id", "starts_at", "hours_before"),)

    id: Mapped[intpk]
    signup_id: Mapped[int] = mapped_column(ForeignKey("signups.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())  # the shift's start when the reminder was queued
    hours_before: Mapped[int] = mapped_column(Integer)
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id"))
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime())


CERTIFICATE_CODE_LENGTH = 10  # about 50 random bits, from the same easy-to-read alphabet as check-in codes


def new_certificate_code() -> str:
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(CERTIFICATE_CODE_LENGTH))


class Certificate(Base):
    """A certificate of verified hours, as issued: what it says is kept as printed, so it can be checked later.

    Its public page (/certificates/<code>) shows only the name as printed, the hours, the
    programme, the organisation, the issue date and whether it is still valid.
    """

    __tablename__ = "certificates"

    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(16), unique=True, default=lambda: new_certificate_code())
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id"))
    year: Mapped[int | None] = mapped_column(Integer)
    name_printed: Mapped[str] = mapped_column(String(200))
    hours: Mapped[Decimal] = mapped_column(ScaledDecimal(8, 2))
    shifts: Mapped[int] = mapped_column(Integer)
    # of `hours`, those given outside the shifts and verified (volunteering.logged_hours)
    logged_hours: Mapped[Decimal] = mapped_column(ScaledDecimal(8, 2), server_default=text("0"))
    programme_name: Mapped[str] = mapped_column(String(400))  # several, joined, for a certificate of a year
    organisation_name: Mapped[str] = mapped_column(String(400))
    language: Mapped[str] = mapped_column(String(8))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    issued_on: Mapped[date] = mapped_column(Date)  # the day it says it was issued, on the volunteer's calendar
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


LOGGED_NOTE_LENGTH = 300  # what the volunteer did, in a line or two; the coordinator's reason likewise
MOST_HOURS_A_DAY = Decimal(24)


class LoggedHoursStatus(enum.StrEnum):
    """Where hours a volunteer logged outside a shift stand: waiting for a coordinator, verified, or declined."""

    PENDING = "pending"
    VERIFIED = "verified"
    DECLINED = "declined"


class LoggedHours(Base):
    """Hours a volunteer gave a programme outside its shifts (an errand, a morning's translating, a stand at a
    fair), logged by the volunteer and verified by one of the programme's coordinators (volunteering.logged_hours).
    Verified, they count beside the rosters' hours in the reports and on certificates."""

    __tablename__ = "logged_hours"
    __table_args__ = (
        Index("ix_logged_hours_programme_status", "programme_id", "status", "worked_on"),
        Index("ix_logged_hours_volunteer", "volunteer_id", "worked_on"),
        # at most a day (volunteering.logged_hours): a bound here would read minor units on SQLite, hours elsewhere
        CheckConstraint("hours > 0", name="hours_given"),
    )

    id: Mapped[intpk]
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"))
    worked_on: Mapped[date] = mapped_column(Date)  # the day, on the volunteer's calendar
    hours: Mapped[Decimal] = mapped_column(ScaledDecimal(8, 2))
    description: Mapped[str] = mapped_column(String(LOGGED_NOTE_LENGTH), server_default=text("''"))
    status: Mapped[LoggedHoursStatus] = mapped_column(enum_type(LoggedHoursStatus, "logged_hours_status"),
                                                      server_default=text("'pending'"))
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(LOGGED_NOTE_LENGTH), server_default=text("''"))  # why declined
    # whether the programme's coordinators were e-mailed that this log waits (at most one such log a day; see
    # volunteering.logged_hours.log)
    coordinators_told: Mapped[bool] = mapped_column(Boolean, default=False)

    volunteer: Mapped[User] = relationship(foreign_keys=[volunteer_id])
    programme: Mapped[Programme] = relationship()


REQUIREMENT_NAME_LENGTH = 120


class ProgrammeRequirement(TranslatedMixin, Base):
    """Something a programme asks of its volunteers before they take a place (a safeguarding check, a training, a
    first-aid course): its coordinators record who has it (RequirementMet), and a sign-up is refused to anyone they
    have not recorded (volunteering.requirements). Its name may be given in each language. Other programmes of the
    same coordinators may ask for it too (requirement_asks), and a record of it then holds for all of them; the
    programme it was written for keeps it (its name, its languages)."""

    __tablename__ = "programme_requirements"
    TRANSLATED = ("name",)

    id: Mapped[intpk]
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(REQUIREMENT_NAME_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    programme: Mapped[Programme] = relationship()  # the programme it was written for, which keeps it
    asking: Mapped[list[Programme]] = relationship(secondary="requirement_asks", order_by="Programme.id")

    @classmethod
    def asked_by(cls, programme_id: int) -> ColumnElement[bool]:
        """The programme asks for it: written for it, or shared with it."""
        return cls.id.in_(cls.ids_asked_by(programme_id))

    @staticmethod
    def ids_asked_by(programme_id: int) -> Select:
        """The ids of what the programme asks for (a subquery)."""
        return select(requirement_asks.c.requirement_id).where(requirement_asks.c.programme_id == programme_id)


requirement_asks = Table(
    "requirement_asks",  # which programmes ask for each requirement: the one it was written for, and those sharing it
    Base.metadata,
    Column("programme_id", ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
    Column("requirement_id", ForeignKey("programme_requirements.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class RequirementMet(Base):
    """A coordinator's record that a volunteer has what a programme asks, until a day or for good."""

    __tablename__ = "requirements_met"
    __table_args__ = (
        UniqueConstraint("requirement_id", "volunteer_id", name="uq_requirements_met_volunteer"),
        Index("ix_requirements_met_volunteer", "volunteer_id"),
        Index("ix_requirements_met_lapsing", "valid_until", sqlite_where=text("lapse_told_at IS NULL"),
              postgresql_where=text("lapse_told_at IS NULL")),  # what the worker's pass reads
    )

    id: Mapped[intpk]
    requirement_id: Mapped[int] = mapped_column(ForeignKey("programme_requirements.id", ondelete="CASCADE"))
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    valid_until: Mapped[date | None] = mapped_column(Date)  # the last day it holds; None: it does not lapse
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lapse_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the volunteer was told it will lapse

    requirement: Mapped[ProgrammeRequirement] = relationship()
    volunteer: Mapped[User] = relationship(foreign_keys=[volunteer_id])

    @hybrid_method
    def holds_on(self, day: date) -> bool:
        """Whether the record still holds on that day (the sign-up's rule, and what the pages say)."""
        return self.valid_until is None or self.valid_until >= day

    @holds_on.expression
    def holds_on(cls, day):  # noqa: N805 (SQLAlchemy passes the class)
        return or_(cls.valid_until.is_(None), cls.valid_until >= day)
