"""Where a volunteer stands on a shift, and where hours they logged outside the shifts stand, in words, for pages and CSV downloads (translated at the moment of use)."""
from __future__ import annotations

from flask_babel import gettext as _

from planner.volunteering.models import LoggedHoursStatus, SignupStatus


def signup_status_label(status: SignupStatus | str) -> str:
    """A sign-up's status as the reader's language says it."""
    return {
        SignupStatus.CONFIRMED: _("Confirmed"),
        SignupStatus.WAITLISTED: _("Waitlisted"),
        SignupStatus.CANCELLED: _("Cancelled"),
        SignupStatus.ATTENDED: _("Attended"),
        SignupStatus.NO_SHOW: _("No-show"),
    }[SignupStatus(status)]


def logged_status_label(status: LoggedHoursStatus | str) -> str:
    """Where hours logged outside the shifts stand, as the reader's language says it."""
    return {
        LoggedHoursStatus.PENDING: _("Waiting for a coordinator"),
        LoggedHoursStatus.VERIFIED: _("Verified"),
        LoggedHoursStatus.DECLINED: _("Not accepted"),
    }[LoggedHoursStatus(status)]
