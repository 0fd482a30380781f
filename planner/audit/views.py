"""/admin/audit: administrators read the audit log, filtered by record and by who acted."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from planner.accounts.models import User
from planner.accounts.services import find_user
from planner.audit.forms import AuditFilterForm
from planner.audit.models import AuditEvent
from planner.db import session
from planner.digits import typed_whole_number
from planner.pagination import paginate
from planner.permissions import Permission, require

bp = Blueprint("audit", __name__)


@bp.get("/admin/audit")
def log():
    """The newest events first, a page at a time; bad filters get a message and no list."""
    require(Permission.AUDIT_VIEW)
    form = AuditFilterForm(request.args)
    page = None
    if form.validate():
        actor_id = _actor_id(form)
        if not form.actor.errors:
            page = paginate(_events(form, actor_id), query_args=_filter_args(form))
    return render_template("audit/log.html", form=form, page=page), 200 if page is not None else 400


def _actor_id(form: AuditFilterForm) -> int | None:
    """The account the actor filter names (by number or email), or None for anyone."""
    text = form.actor.data or ""
    if not text:
        return None
    number = typed_whole_number(text, most_digits=11)
    if number is not None:
        actor = session.get(User, number)
    else:
        actor = find_user(text)
    if actor is None:
        form.actor.errors = [_("No account matches this email or number.")]
        return None
    return actor.id


def _events(form: AuditFilterForm, actor_id: int | None):
    statement = select(AuditEvent).options(joinedload(AuditEvent.actor)).order_by(AuditEvent.at.desc(),
                                                                                    AuditEvent.id.desc())
    if form.record_type.data:
        statement = statement.where(AuditEvent.record_type == form.record_type.data)
    if form.record_id.data:
        statement = statement.where(AuditEvent.record_id == form.record_id.data)
    if actor_id is not None:
        statement = statement.where(AuditEvent.actor_id == actor_id)
    return statement


def _filter_args(form: AuditFilterForm) -> dict:
    values = {"record_type": form.record_type.data, "record_id": form.record_id.data, "actor": form.actor.data}
    return {name: value for name, value in values.items() if value}
