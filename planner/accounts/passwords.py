"""Password hashing with argon2id, and the policy a new password must meet."""
from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

hasher = PasswordHasher()  # argon2id with the library's current recommended cost

MIN_LENGTH = 10
MAX_LENGTH = 1000  # long passphrases are welcome; the cap only stops absurd request bodies
MIN_SCORE = 3  # zxcvbn's 0-4 scale: 3 means "safely unguessable" against online and slow offline attacks
# zxcvbn's matching grows faster than linearly with length; past this many characters a
# passphrase's strength is judged on its first part (a strong start keeps it strong).
STRENGTH_WINDOW = 100


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches the hash; never raises on a bad hash."""
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with weaker settings than today's."""
    return hasher.check_needs_rehash(password_hash)


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def is_common_password(password: str) -> bool:
    """Whether the password is in zxcvbn's list of the most used passwords (case ignored)."""
    return password.strip().lower() in _common_passwords()


def password_problem(password: str, user_inputs: Iterable[str] = ()) -> str | None:
    """Why this password may not be used (a translated sentence), or None when it is acceptable.

    user_inputs are words an attacker would try first for this person: their email, their name.
    """
    if len(password) < MIN_LENGTH:
        return _("Use at least %(count)s characters; a few unrelated words make a good passphrase.",
                 count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Use at most %(count)s characters.", count=MAX_LENGTH)
    if is_common_password(password):
        return _("This is one of the most commonly used passwords. Please choose another.")
    inputs = [part for text in user_inputs for part in _words_of(text)]
    window = password[:STRENGTH_WINDOW]
    if zxcvbn(window, user_inputs=inputs, max_length=STRENGTH_WINDOW)["score"] < MIN_SCORE:
        return _("This password is too easy to guess (it is common, a simple pattern, or close to your "
                 "name or email). Try a longer passphrase of a few unrelated words.")
    return None


def _words_of(text: str) -> list[str]:
    """A person's email or name, whole and in pieces, for zxcvbn to treat as guessable."""
    pieces = [text] + text.replace("@", " ").replace(".", " ").split()
    return [piece for piece in pieces if piece]
