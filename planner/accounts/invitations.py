"""Council roles offered by e-mail: the chair names an address, the person with that address accepts.

The chair's form answers the same whether or not the address has an account, so it tells no one
who is registered. The role is granted only when someone signed in with that very address opens
the link and accepts; accepting also confirms the address, since the link was sent there.
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update

from planner.accounts import mail
from planner.accounts.forms import ROLE_LABELS
from planner.accounts.models import COUNCIL_ROLES, CouncilInvitation, Role, User, canonical_email
from planner.accounts.services import AccountError, GrantScope, _chair_of, _checked_email, find_user, grant_role
from planner.accounts.tokens import LONGEST_TOKEN, LinkError, digest
from planner.audit.services import record_event
from planner.clock import utcnow
from planner.councils.models import Council
from planner.db import session

INVITATION_LIFETIME = timedelta(days=14)
OPEN_INVITATIONS_SHOWN = 100


def invite(actor: User, council: Council, email: str, role_value: str) -> CouncilInvitation:
    """Offer a council role to whoever reads mail at this address (checked by Permission.ROLE_GRANT first)."""
    email = _checked_email(email)
    role = next((role for role in COUNCIL_ROLES if role.value == role_value), None)
    if role is None:
        raise AccountError(_("Choose a role from the list."), field="role")
    if role is Role.COUNCIL_CHAIR and _chair_of(council.id) is not None:
        raise AccountError(_("This council already has a chair. Remove the current chair first."), field="role")
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    invitation = CouncilInvitation(council_id=council.id, role=role, email=email, email_canonical=canonical_email(email),
                                   token_hash=digest(secret), invited_by_id=actor.id, created_at=now,
                                   expires_at=now + INVITATION_LIFETIME)
    session.add(invitation)
    session.flush()
    record_event(actor, "council.invite", invitation, after={"email": email, "role": role.value,
                                                             "council_id": council.id})
    # the role's label stays lazy, so that the message names it in the invitee's language
    mail.invitation(email, council, ROLE_LABELS[role], actor.name, secret, find_user(email),
                    INVITATION_LIFETIME.days)
    return invitation


def open_invitations(council: Council) -> list[CouncilInvitation]:
    return list(session.scalars(
        select(CouncilInvitation).where(CouncilInvitation.council_id == council.id,
                                        CouncilInvitation.accepted_at.is_(None),
                                        CouncilInvitation.cancelled_at.is_(None),
                                        CouncilInvitation.expires_at > utcnow())
        .order_by(CouncilInvitation.created_at.desc()).limit(OPEN_INVITATIONS_SHOWN)))


def invitation_for(secret: str) -> CouncilInvitation:
    """The open invitation this link carries; LinkError says why not."""
    invitation = None
    if 0 < len(secret) <= LONGEST_TOKEN:
        invitation = session.scalars(select(CouncilInvitation).where(CouncilInvitation.token_hash == digest(secret)))\
            .first()
    if invitation is None or invitation.cancelled_at is not None:
        raise LinkError(_("This invitation is not valid. It may have been withdrawn; ask the council's chair."))
    if invitation.accepted_at is not None:
        raise LinkError(_("This invitation has already been accepted."))
    if invitation.expires_at <= utcnow():
        raise LinkError(_("This invitation has expired. Ask the council's chair for a new one."))
    return invitation


def addressed_to(invitation: CouncilInvitation, user: User) -> bool:
    return invitation.email_canonical == user.email_canonical


def accept(user: User, secret: str) -> CouncilInvitation:
    """Give the invited role to the signed-in user whose address the invitation was sent to."""
    invitation = invitation_for(secret)
    if not addressed_to(invitation, user):
        raise AccountError(_("This invitation was sent to another address. Log in with the account that uses it."))
    taken = session.execute(update(CouncilInvitation).where(CouncilInvitation.id == invitation.id,
                                                            CouncilInvitation.accepted_at.is_(None))
                            .values(accepted_at=utcnow(), accepted_by_id=user.id))
    if taken.rowcount != 1:
        raise LinkError(_("This invitation has already been accepted."))
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    inviter = session.get(User, invitation.invited_by_id) if invitation.invited_by_id else None
    grant_role(inviter, user, GrantScope(invitation.role, council_id=invitation.council_id),
               comment=f"invitation {invitation.id} accepted")
    session.refresh(invitation)
    return invitation


def cancel(actor: User, invitation: CouncilInvitation) -> None:
    if not invitation.is_open:
        raise AccountError(_("This invitation is no longer open."))
    invitation.cancelled_at = utcnow()
    record_event(actor, "council.invite_cancel", invitation)
    session.flush()
