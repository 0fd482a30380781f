"""The audit log's filter form (a GET form: no CSRF token, nothing changes)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField
from wtforms.validators import Length, NumberRange, Optional, Regexp

from planner.forms import PlannerForm


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class AuditFilterForm(PlannerForm):
    """Narrow the log to one kind of record, one record, or one person's actions."""

    class Meta:
        csrf = False

    record_type = StringField(_l("Kind of record"), filters=[_strip],
                              validators=[Optional(), Length(max=40),
                                          Regexp(r"^[a-z_]+$", message=_l("Use the table name, e.g. role_grants."))])
    record_id = IntegerField(_l("Record number"), validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])
    actor = StringField(_l("Done by (email or account number)"), filters=[_strip],
                        validators=[Optional(), Length(max=254)])
