"""The rules of accounts and role grants: functions that take data and an actor, flush, or raise AccountError.

Views commit; nothing here does. Every grant and revocation writes an audit event in the same
transaction.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from planner.accounts.models import (COUNCIL_ROLES, NEWS_EVERY, VERIFIED_ROLES, Role, RoleGrant, User,
                                     canonical_email)
from planner.accounts.passwords import hash_password, needs_rehash, password_problem, verify_password
from planner.accounts.sessions import end_all_sessions
from planner.accounts.signals import role_granted
from planner.audit.services import record_event
from planner.centres.models import Centre
from planner.clock import utcnow
from planner.config import LOCALES
from planner.councils.models import Council
from planner.db import session
from planner.digits import CHOICES as DIGIT_CHOICES
from planner.digits import typed_whole_number
from planner.folding import fold
from planner.i18n import isolate
from planner.organisations.models import Organisation
from planner.phones import PhoneError, read_phone
from planner.places.models import Locality
from planner.rules import RuleError
from planner.vocab.models import Skill

# Languages a volunteer can say they speak (ISO 639-1); names are shown in the reader's language.
LANGUAGES = ("ar", "bn", "de", "en", "es", "fa", "fr", "id", "ku", "ms", "ps", "so", "tr", "ur")
NAME_MAX = 200


class AccountError(RuleError):
    """A rule of accounts or grants was not met; the message is translated and meant for the user."""


# --- accounts ----------------------------------------------------------------------------


def find_user(email: str) -> User | None:
    """The account with this email address, however it was typed (spaces, capitals)."""
    return session.scalars(select(User).where(User.email_canonical == canonical_email(email))).first()


def named_or_addressed(query: str) -> ColumnElement[bool]:
    """Accounts whose name or e-mail address holds the typed text: the name however it is typed (case, accents,
    Arabic's marks and letter forms, Turkish i; planner.folding), the address in any case. The text is taken as it
    is: % and _ are no wildcards."""
    return or_(User.email_canonical.contains(query.casefold(), autoescape=True),
               User.name_folded.contains(fold(query), autoescape=True))


def open_verified_account(name: str, email: str, password: str) -> User:
    """An account opened by someone who vouches for the address (the command line, the demo accounts).

    People registering themselves go through recovery.register, which confirms the address by e-mail.
    """
    name, email = _checked_name(name), _checked_email(email)
    _check_password(password, [email, name], field="password")
    return open_account(name, email, hash_password(password), verified=True)


def open_account(name: str, email: str, password_hash: str, locale: str | None = None, verified: bool = False) -> User:
    """A new volunteer account for a checked name and address, with a password already hashed."""
    if find_user(email) is not None:
        raise _email_taken()
    now = utcnow()
    user = User(name=name, email=email, email_canonical=canonical_email(email),
                password_hash=password_hash, locale=locale if locale in LOCALES else None,
                languages=[], password_changed_at=now, email_verified_at=now if verified else None)
    try:
        with session.begin_nested():
            session.add(user)
    except IntegrityError:  # someone registered the same address a moment ago
        raise _email_taken() from None
    grant_role(user, user, GrantScope(Role.VOLUNTEER))
    return user


def authenticate(email: str, password: str) -> User:
    """The active account these credentials open; one message for every failure, so no account is revealed."""
    user = find_user(email) if len(email) <= 254 else None
    if user is None:
        verify_password(_decoy_hash(), password)  # take as long as a real check
    if user is None or not verify_password(user.password_hash, password) or not user.is_active or user.is_deleted:
        raise AccountError(_("The email address or password is not right."))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.flush()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Replace the user's password after checking the current one; every login session ends."""
    if not verify_password(user.password_hash, current_password):
        raise AccountError(_("Your current password is not right."), field="current_password")
    if new_password == current_password:
        raise AccountError(_("Choose a password different from your current one."), field="new_password")
    set_password(user, new_password, field="new_password")


def set_password(user: User, new_password: str, field: str = "password") -> None:
    """Give the user a new password (checked against the policy) and end every session they had."""
    _check_password(new_password, [user.email, user.name], field=field)
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    end_all_sessions(user)
    session.flush()


@dataclass(frozen=True)
class ProfileChanges:
    """What a user may change about themselves on the profile page."""

    name: str
    languages: list[str]
    skill_keys: list[str]
    locality_id: int | None
    locale: str | None
    show_hijri: bool
    shift_reminders: bool = True
    digits: str = ""
    short_notice_emails: bool = True
    logged_hours_emails: bool = True
    translation_digest: bool = True
    programme_news_every: str = "day"
    phone: str = ""
    emergency_name: str = ""
    emergency_phone: str = ""


def update_profile(user: User, changes: ProfileChanges) -> None:
    """Save the user's name, languages, skills, locality and display preferences."""
    name = _checked_name(changes.name)
    if not set(changes.languages) <= set(LANGUAGES):
        raise AccountError(_("Choose languages from the list."), field="languages")
    if changes.digits not in DIGIT_CHOICES:
        raise AccountError(_("Choose digits from the list."), field="digits")
    if changes.programme_news_every not in NEWS_EVERY:
        raise AccountError(_("Choose how often from the list."), field="programme_news_every")
    if changes.locale is not None and changes.locale not in LOCALES:
        raise AccountError(_("Choose an interface language from the list."), field="locale")
    skills = list(session.scalars(select(Skill).where(Skill.key.in_(changes.skill_keys)))) if changes.skill_keys else []
    if len(skills) != len(set(changes.skill_keys)):
        raise AccountError(_("Choose skills from the list."), field="skills")
    locality = session.get(Locality, changes.locality_id) if changes.locality_id is not None else None
    if changes.locality_id is not None and locality is None:
        raise AccountError(_("Choose a locality from the list."), field="locality")
    country = locality.country_code if locality else None
    phone = _read_phone(changes.phone, country, "phone")
    emergency_name, emergency_phone = _emergency_contact(changes, country)
    user.name = name
    user.languages = sorted(set(changes.languages))
    user.skills = skills
    user.locality_id = changes.locality_id
    user.locale = changes.locale
    user.show_hijri = changes.show_hijri
    user.digits = changes.digits
    user.shift_reminders = changes.shift_reminders
    user.short_notice_emails = changes.short_notice_emails
    user.logged_hours_emails = changes.logged_hours_emails
    user.translation_digest = changes.translation_digest
    user.programme_news_every = changes.programme_news_every
    user.phone = phone
    user.emergency_name, user.emergency_phone = emergency_name, emergency_phone
    session.flush()


def _read_phone(typed: str, country: str | None, field: str) -> str | None:
    """A telephone number as planner.phones keeps it, or the reason it cannot be, beside the field."""
    try:
        return read_phone(typed, country)
    except PhoneError as problem:
        raise AccountError(str(problem), field=field) from None


def _emergency_contact(changes: ProfileChanges, country: str | None) -> tuple[str, str | None]:
    """Whom to call in an emergency: a name and a number together, or neither."""
    name = " ".join((changes.emergency_name or "").split())
    phone = _read_phone(changes.emergency_phone, country, "emergency_phone")
    if name and not phone:
        raise AccountError(_("Give their telephone too, so that a coordinator can call them."),
                           field="emergency_phone")
    if phone and not name:
        raise AccountError(_("Give their name too, so that a coordinator knows whom they call."),
                           field="emergency_name")
    return name, phone


def create_admin(email: str, name: str, password: str | None) -> tuple[User, bool]:
    """Make an administrator: a new account, or an existing one promoted. Returns (user, created)."""
    user = find_user(email)
    if user is not None and any(grant.role is Role.ADMIN for grant in user.grants):
        raise AccountError(_("%(email)s is already an administrator.", email=user.email), field="email")  # a terminal
    created = user is None
    if created:
        user = open_verified_account(name, email, password or "")
    grant_role(None, user, GrantScope(Role.ADMIN), comment="created from the command line")
    return user, created


def _checked_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise AccountError(_("Please enter your name."), field="name")
    if len(name) > NAME_MAX:
        raise AccountError(_("Use at most %(count)s characters.", count=NAME_MAX), field="name")
    return name


def _checked_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise AccountError(_("Enter an email address such as name@example.org."), field="email") from None
    if len(email) > 254:
        raise AccountError(_("Enter an email address such as name@example.org."), field="email")
    return email


def _check_password(password: str, user_inputs: Iterable[str], field: str) -> None:
    problem = password_problem(password or "", user_inputs)
    if problem:
        raise AccountError(problem, field=field)


def _email_taken() -> AccountError:
    return AccountError(_("An account with this email address already exists. Log in, or use another address."),
                        field="email")


@cache
def _decoy_hash() -> str:
    return hash_password("not anyone's password, only used to keep timing even")


# --- role grants -------------------------------------------------------------------------


@dataclass(frozen=True)
class GrantScope:
    """A role and where it applies: what a grant would give (checked by Permission.ROLE_GRANT)."""

    role: Role
    council_id: int | None = None
    organisation_id: int | None = None
    centre_id: int | None = None

    @classmethod
    def of(cls, grant: RoleGrant) -> GrantScope:
        """The scope an existing grant gives."""
        return cls(grant.role, grant.council_id, grant.organisation_id, grant.centre_id)

    @property
    def key(self) -> str:
        return RoleGrant.scope_key_for(self.council_id, self.organisation_id, self.centre_id)


def scope_problem(scope: GrantScope) -> str | None:
    """Why this scope does not fit its role (a translated sentence), or None."""
    council, organisation, centre = scope.council_id, scope.organisation_id, scope.centre_id
    if scope.role in (Role.ADMIN, Role.VOLUNTEER) and (council or organisation or centre):
        return _("This role applies everywhere; do not choose a council, organisation or centre for it.")
    if scope.role in COUNCIL_ROLES and (council is None or organisation or centre):
        return _("Council roles need a council, and only a council.")
    if scope.role is Role.COORDINATOR and (council or (organisation is None) == (centre is None)):
        return _("A coordinator role needs one organisation or one centre.")
    return None


def scope_record(scope: GrantScope):
    """The council, organisation or centre the scope names (None for global roles)."""
    for model, ident in ((Council, scope.council_id), (Organisation, scope.organisation_id), (Centre, scope.centre_id)):
        if ident is not None:
            record = session.get(model, ident)
            if record is None:
                raise AccountError(_("That council, organisation or centre does not exist."), field="scope")
            return record
    return None


def live_grant(user: User, scope: GrantScope) -> RoleGrant | None:
    """The user's live grant of exactly this role and scope, if any."""
    return session.scalars(
        select(RoleGrant).where(RoleGrant.user_id == user.id, RoleGrant.role == scope.role,
                                RoleGrant.scope_key == scope.key, RoleGrant.revoked_at.is_(None))
    ).first()


def live_grants(user: User) -> list[RoleGrant]:
    """The user's live grants with the council, organisation or centre each names."""
    return list(session.scalars(
        select(RoleGrant).where(RoleGrant.user_id == user.id, RoleGrant.revoked_at.is_(None))
        .options(joinedload(RoleGrant.council), joinedload(RoleGrant.organisation), joinedload(RoleGrant.centre))
        .order_by(RoleGrant.granted_at)
    ))


def grant_role(actor: User | None, user: User, scope: GrantScope, comment: str = "") -> RoleGrant:
    """Give the user a role in a scope; refused when it does not fit, is already held, or the council has a chair."""
    problem = scope_problem(scope)
    if problem:
        raise AccountError(problem, field="scope")
    scope_record(scope)
    if scope.role in VERIFIED_ROLES and not user.is_verified:
        raise AccountError(_("%(name)s has not confirmed their e-mail address yet. This role needs a confirmed "
                             "address.", name=isolate(user.name)), field="role")
    if live_grant(user, scope) is not None:
        raise AccountError(_("%(name)s already holds this role there.", name=isolate(user.name)), field="role")
    if scope.role is Role.COUNCIL_CHAIR and _chair_of(scope.council_id) is not None:
        raise AccountError(_("This council already has a chair. Remove the current chair first."), field="role")
    grant = RoleGrant(user_id=user.id, role=scope.role, scope_key=scope.key, council_id=scope.council_id,
                      organisation_id=scope.organisation_id, centre_id=scope.centre_id,
                      granted_by_id=getattr(actor, "id", None), granted_at=utcnow())
    try:
        with session.begin_nested():
            session.add(grant)
    except IntegrityError:  # the same grant, or another chair, was saved a moment ago
        raise AccountError(_("Someone changed these roles at the same moment. Please check and try again."),
                           field="role") from None
    record_event(actor, "role.grant", grant, after=grant_facts(grant), comment=comment)
    session.expire(user, ["grants"])
    role_granted.send(user)
    return grant


def revoke_role(actor: User, grant: RoleGrant) -> None:
    """End a grant (it is kept, marked revoked); the last administrator cannot be removed."""
    if grant.revoked_at is not None:
        raise AccountError(_("This role was already removed."))
    if grant.role is Role.ADMIN and _live_admin_count() <= 1:
        raise AccountError(_("This is the last administrator; grant the role to someone else first."))
    before = grant_facts(grant)
    grant.revoked_at = utcnow()
    grant.revoked_by_id = actor.id
    session.flush()
    record_event(actor, "role.revoke", grant, before=before, after=grant_facts(grant))
    session.expire(grant.user, ["grants"])


def grant_facts(grant: RoleGrant) -> dict:
    """What the audit log keeps about a grant."""
    return {"user_id": grant.user_id, "role": grant.role.value, "scope": grant.scope_key,
            "revoked_at": grant.revoked_at}


def _chair_of(council_id: int | None) -> RoleGrant | None:
    return session.scalars(
        select(RoleGrant).where(RoleGrant.council_id == council_id, RoleGrant.role == Role.COUNCIL_CHAIR,
                                RoleGrant.revoked_at.is_(None))
    ).first()


def _live_admin_count() -> int:
    return session.scalar(
        select(func.count()).select_from(RoleGrant).where(RoleGrant.role == Role.ADMIN, RoleGrant.revoked_at.is_(None))
    ) or 0


def scope_from_choice(role_value: str, choice: str | None) -> GrantScope:
    """A GrantScope from a form's role and `kind:id` scope choice (empty for global roles)."""
    try:
        role = Role(role_value)
    except ValueError:
        raise AccountError(_("Choose a role from the list."), field="role") from None
    if not choice:
        return GrantScope(role)
    kind, _sep, ident = choice.partition(":")
    number = typed_whole_number(ident)
    if kind not in ("council", "organisation", "centre") or number is None:
        raise AccountError(_("Choose where the role applies from the list."), field="scope")
    return GrantScope(role, **{f"{kind}_id": number})
