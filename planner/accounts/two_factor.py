"""Two-step verification: TOTP codes (RFC 6238, with pyotp) and one-time recovery codes.

A code is accepted for the current 30-second step and one step either side (clock drift), and
never twice: the last step used is stored. Recovery codes carry 50 random bits each; only their
SHA-256 is kept, and spending one is a conditional UPDATE, so it works once.
"""
from __future__ import annotations

import hashlib
import secrets

import pyotp
import segno
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from planner.accounts.models import RecoveryCode, User
from planner.clock import utcnow
from planner.db import session
from planner.digits import western_digits
from planner.rules import RuleError

ISSUER = "Community Planner"
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


class TwoFactorError(RuleError):
    """A code was wrong, or two-step verification is not in the state the action needs."""


def new_secret() -> str:
    """A fresh TOTP secret: 160 random bits in base32."""
    return pyotp.random_base32()


def setup_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str, title: str) -> str:
    """The QR code of the address as inline SVG (no script, no image request)."""
    return segno.make(uri, error="m").svg_inline(scale=4, border=2, title=title, dark="#000", light="#fff")


def _digits(code: str) -> str:
    return western_digits("".join(code.split()).replace("-", ""))


def matching_step(secret: str, code: str) -> int | None:
    """The time step whose TOTP equals the code (now, or one step either side), or None."""
    code = _digits(code)
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    now = utcnow().timestamp()
    current = totp.timecode(utcnow())
    for offset in (0, -DRIFT_STEPS, DRIFT_STEPS):
        if secrets.compare_digest(totp.at(now, counter_offset=offset), code):
            return current + offset
    return None


def confirm_enrolment(user: User, secret: str, code: str) -> list[str]:
    """Turn two-step verification on once the code from the new secret is right; returns new recovery codes."""
    step = matching_step(secret, code)
    if step is None:
        raise TwoFactorError(_("That code is not right. Check the time on your phone and try the newest code."),
                             field="code")
    user.totp_secret, user.totp_confirmed_at, user.totp_last_step = secret, utcnow(), step
    return new_recovery_codes(user)


def accept_code(user: User, code: str) -> bool:
    """Whether the code (from the authenticator, or a recovery code) lets the user in; spends what it uses."""
    if not user.has_two_factor:
        return False
    step = matching_step(user.totp_secret, code)
    if step is not None:
        return _use_step(user, step)
    return spend_recovery_code(user, code)


def _use_step(user: User, step: int) -> bool:
    """Record the step as used; refused if it, or a later one, was used already (a replayed code)."""
    used = session.execute(
        update(User).where(User.id == user.id, (User.totp_last_step.is_(None)) | (User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False)
    )
    session.refresh(user, ["totp_last_step"])
    return used.rowcount == 1


def _recovery_digest(code: str) -> str:
    return hashlib.sha256(_digits(code).lower().encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones, shown to them once."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _index in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _char in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        session.add(RecoveryCode(user_id=user.id, code_hash=_recovery_digest(raw)))
    session.flush()
    return codes


def spend_recovery_code(user: User, code: str) -> bool:
    """Use one recovery code; a code works once."""
    if not 8 <= len(_digits(code)) <= 20:
        return False
    spent = session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _recovery_digest(code),
               RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())
    )
    return spent.rowcount == 1


def recovery_codes_left(user: User) -> int:
    return session.scalar(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


def turn_off(user: User) -> None:
    """Forget the secret and the recovery codes (the owner turning it off, or an administrator's reset)."""
    user.totp_secret = user.totp_confirmed_at = user.totp_last_step = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.flush()
