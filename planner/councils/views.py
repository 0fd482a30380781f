"""Council forms: create and archive (administrators), edit (administrators and the council's chair)."""
from __future__ import annotations

from flask import Blueprint, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.councils import services
from planner.councils.forms import CouncilForm, NewCouncilForm
from planner.councils.models import Council
from planner.permissions import Permission, require
from planner.places.choices import locality_choices
from planner.records import choices
from planner.records.views import carry_next, detail_url, load_record, perform, redirect_back, render_form, save

bp = Blueprint("councils", __name__, url_prefix="/councils")


def _prepared(form_class, council: Council | None = None):
    form = form_class(obj=council)
    form.locality_id.choices = choices.with_blank(locality_choices(), _("Choose a locality"))
    carry_next(form)
    return form


@bp.route("/new", methods=["GET", "POST"])
def create():
    """A new council."""
    require(Permission.COUNCIL_CREATE)
    form = _prepared(NewCouncilForm)
    council = save(form, lambda: services.create_council(current_user, **form.values()), _("The council was created."))
    if council:
        return redirect_back(detail_url(council))
    return render_form("councils/form.html", form, council=None)


@bp.route("/<key>/edit", methods=["GET", "POST"])
def edit(key: str):
    """Change a council's details."""
    council = load_record(Council, key, Permission.COUNCIL_EDIT)
    form = _prepared(CouncilForm, council)
    if save(form, lambda: services.edit_council(current_user, council, **form.values()), _("Your changes were saved."),
            record=council):
        return redirect_back(detail_url(council))
    return render_form("councils/form.html", form, council=council)


@bp.post("/<key>/archive")
def archive(key: str):
    """Archive a council: it leaves the public directory."""
    council = load_record(Council, key, Permission.COUNCIL_ARCHIVE)
    return perform(lambda: services.archive_council(current_user, council),
                   _("The council has been archived."), url_for("directory.councils"))
