"""Users, their login sessions, the scoped role grants that say what they may do, and what keeps an account safe:
e-mailed single-use links, second-factor recovery codes and council invitations."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import gettext
from sqlalchemy import (BigInteger, Boolean, CheckConstraint, Column, ForeignKey, Index, JSON, String, Table, Text,
                        event, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import Base
from planner.folding import fold
from planner.types import TimestampsMixin, UTCDateTime, enum_type, intpk, name_str, timestamp
from planner.vocab.models import Skill

if TYPE_CHECKING:
    from planner.centres.models import Centre
    from planner.councils.models import Council
    from planner.organisations.models import Organisation
    from planner.places.models import Locality

user_skills = Table(
    "user_skills",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_key", ForeignKey("skills.key"), primary_key=True, index=True),
)


def canonical_email(address: str) -> str:
    """The form two addresses are compared in: trimmed and lower-cased."""
    return address.strip().lower()


NEWS_EVERY = ("soon", "day", "week")  # how often a follower of programmes may be e-mailed their new shifts

class User(TimestampsMixin, Base):
    """One person's account; what they may do comes from their grants."""

    __tablename__ = "users"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(254))
    email_canonical: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[name_str]
    # the name as searches compare it (planner.folding), kept in step with it: "rania" and "Rânia" find "Rania", on
    # SQLite as on PostgreSQL
    name_folded: Mapped[str] = mapped_column(Text, server_default=text("''"))
    # a telephone number (E.164, planner.phones) the coordinators of the shifts one has a place on may call
    phone: Mapped[str | None] = mapped_column(String(16))
    # whom those coordinators call if something happens to the volunteer on a shift: a name and a number (E.164)
    emergency_name: Mapped[str] = mapped_column(String(200), server_default=text("''"))
    emergency_phone: Mapped[str | None] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str | None] = mapped_column(String(10))
    show_hijri: Mapped[bool] = mapped_column(Boolean, default=False)
    # The digits numbers are written with: "" as the language prefers, "latn" Western, "arab" Arabic-Indic.
    digits: Mapped[str] = mapped_column(String(8), server_default=text("''"))
    shift_reminders: Mapped[bool] = mapped_column(Boolean, default=True)  # e-mails before one's shifts
    # a coordinator's e-mails when a place on a shift they run is given up at short notice
    short_notice_emails: Mapped[bool] = mapped_column(Boolean, default=True)
    # a coordinator's e-mails when a volunteer logs hours given outside the shifts of a programme they run
    logged_hours_emails: Mapped[bool] = mapped_column(Boolean, default=True)
    # a translator's weekly e-mail of the texts waiting to be given again (planner.languages.digest): wanted, when
    # their queue was last looked at for it, and when one was last sent
    translation_digest: Mapped[bool] = mapped_column(Boolean, default=True)
    translation_digest_looked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    translation_digest_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # how often the shifts added to the programmes one follows are e-mailed (planner.volunteering.following):
    # "soon" (once an addition has settled), at most once a "day" or once a "week"
    programme_news_every: Mapped[str] = mapped_column(String(8), server_default=text("'day'"))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"))
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Two-step verification: the TOTP secret (base32), when it was confirmed, and the last time step used.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    locality: Mapped[Locality | None] = relationship()
    skills: Mapped[list[Skill]] = relationship(secondary=user_skills, order_by=Skill.name)
    grants: Mapped[list[RoleGrant]] = relationship(
        primaryjoin="and_(User.id == RoleGrant.user_id, RoleGrant.revoked_at.is_(None))",
        foreign_keys="RoleGrant.user_id",
        viewonly=True,
        lazy="selectin",
    )

    # Flask-Login protocol: the id kept in the cookie is the login session's token.
    session_token = None
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str | None:
        return self.session_token

    def __getstate__(self) -> dict:
        """A pickled account (a cached sign-in) never carries the session token it was read for."""
        state = self.__dict__.copy()
        state.pop("session_token", None)
        return state

    @property
    def is_verified(self) -> bool:
        """Whether the owner has shown they read mail at the account's address."""
        return self.email_verified_at is not None

    @property
    def has_two_factor(self) -> bool:
        """Whether signing in also needs a code from the owner's authenticator."""
        return self.totp_confirmed_at is not None and self.totp_secret is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def shown_name(self) -> str:
        """The name others see: a deleted account's votes, comments and hours show no one's name."""
        return gettext("A former member") if self.is_deleted else self.name


@event.listens_for(User.name, "set")
def _fold_the_name(user: User, name: str | None, _old, _initiator) -> None:
    user.name_folded = fold(name or "")


class Role(enum.StrEnum):
    """What a grant lets its holder be."""

    ADMIN = "admin"
    COUNCIL_MEMBER = "council_member"
    COUNCIL_CHAIR = "council_chair"
    COUNCIL_TREASURER = "council_treasurer"
    COORDINATOR = "coordinator"
    VOLUNTEER = "volunteer"


COUNCIL_ROLES = (Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR, Role.COUNCIL_TREASURER)
# Roles that move public money or manage accounts: used only with two-step verification set up.
TWO_FACTOR_ROLES = frozenset({Role.ADMIN, *COUNCIL_ROLES})
# Live shift sign-ups an account may hold before its address is confirmed.
UNVERIFIED_SIGNUP_LIMIT = 3
# Roles held only by accounts whose address is verified.
VERIFIED_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, *COUNCIL_ROLES})

GRANT_SCOPE_MATCHES_ROLE = (
    "(role IN ('admin', 'volunteer')"
    " AND council_id IS NULL AND organisation_id IS NULL AND centre_id IS NULL)"
    " OR (role IN ('council_member', 'council_chair', 'council_treasurer')"
    " AND council_id IS NOT NULL AND organisation_id IS NULL AND centre_id IS NULL)"
    " OR (role = 'coordinator' AND council_id IS NULL"
    " AND ((organisation_id IS NOT NULL AND centre_id IS NULL)"
    " OR (organisation_id IS NULL AND centre_id IS NOT NULL)))"
)


class RoleGrant(Base):
    """A role held by a user, scoped to a council, organisation or centre where the role needs one."""

    __tablename__ = "role_grants"
    __table_args__ = (
        CheckConstraint(GRANT_SCOPE_MATCHES_ROLE, name="scope_matches_role"),
        Index(
            "uq_role_grants_live",
            "user_id",
            "role",
            "scope_key",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
        Index(
            "uq_role_grants_one_chair",
            "council_id",
            unique=True,
            sqlite_where=text("role = 'council_chair' AND revoked_at IS NULL"),
            postgresql_where=text("role = 'council_chair' AND revoked_at IS NULL"),
        ),
    )

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"))
    scope_key: Mapped[str] = mapped_column(String(40), default="global")
    council_id: Mapped[int | None] = mapped_column(ForeignKey("councils.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id"), index=True)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[timestamp]
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    council: Mapped[Council | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    centre: Mapped[Centre | None] = relationship()

    @staticmethod
    def scope_key_for(council_id=None, organisation_id=None, centre_id=None) -> str:
        """The text form of a grant's scope, used to keep live grants unique."""
        if council_id is not None:
            return f"council:{council_id}"
        if organisation_id is not None:
            return f"organisation:{organisation_id}"
        if centre_id is not None:
            return f"centre:{centre_id}"
        return "global"


class LoginSession(Base):
    """A signed-in browser; the cookie holds a token whose hash is the key here."""

    __tablename__ = "login_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[timestamp]
    last_seen_at: Mapped[timestamp]
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    ip_address: Mapped[str] = mapped_column(String(45), default="")

    user: Mapped[User] = relationship()


class TokenPurpose(enum.StrEnum):
    """What an e-mailed link lets its holder do."""

    PASSWORD_RESET = "password_reset"
    EMAIL_VERIFICATION = "email_verification"
    EMAIL_CHANGE = "email_change"


class AccountToken(Base):
    """A single-use link sent by e-mail; only the SHA-256 of its secret is kept."""

    __tablename__ = "account_tokens"
    __table_args__ = (Index("ix_account_tokens_user_purpose", "user_id", "purpose"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    purpose: Mapped[TokenPurpose] = mapped_column(enum_type(TokenPurpose, "token_purpose"))
    email: Mapped[str] = mapped_column(String(254))  # the address the link was sent to
    created_at: Mapped[timestamp]
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class RecoveryCode(Base):
    """A one-time code that stands in for the authenticator; only its SHA-256 is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CouncilInvitation(Base):
    """A council role offered by e-mail; the person who opens the link with that address accepts it."""

    __tablename__ = "council_invitations"

    id: Mapped[intpk]
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"))
    email: Mapped[str] = mapped_column(String(254))
    email_canonical: Mapped[str] = mapped_column(String(254), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[timestamp]
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    council: Mapped[Council] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None
