"""Centre forms: create (council members, in their council), edit (its coordinators and its council's
members), archive (its council's members); administrators may do all."""
from __future__ import annotations

from flask import Blueprint, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.centres import services
from planner.centres.forms import CentreForm, NewCentreForm
from planner.centres.models import Centre
from planner.councils.choices import council_choices
from planner.councils.models import Council
from planner.permissions import Permission, acts_under, require
from planner.pipeline import get_or_404
from planner.records import choices
from planner.records.views import (
    carry_next,
    detail_url,
    load_record,
    perform,
    preselect,
    redirect_back,
    render_form,
    save,
)
from planner.vocab.choices import audience_choices, service_choices

bp = Blueprint("centres", __name__, url_prefix="/centres")


def _prepared(form_class, centre: Centre | None = None):
    terms = {}
    if centre is not None:
        terms = {"service_keys": [s.key for s in centre.services], "audience_keys": [a.key for a in centre.audiences]}
    form = form_class(obj=centre, **terms)
    form.service_keys.choices = service_choices()
    form.audience_keys.choices = audience_choices()
    carry_next(form)
    return form


def _my_councils() -> list[tuple]:
    """The councils the user may put a centre in."""
    return council_choices(acts_under(current_user, Permission.CENTRE_CREATE, Council))


def _create(form: NewCentreForm) -> Centre:
    council = get_or_404(Council, form.council_id.data)
    require(Permission.CENTRE_CREATE, council)
    values = form.values()
    values.pop("council_id")
    return services.create_centre(current_user, council, **values)


@bp.route("/new", methods=["GET", "POST"])
def create():
    """A new centre in one of the user's councils."""
    require(Permission.CENTRE_CREATE)
    form = _prepared(NewCentreForm)
    form.council_id.choices = choices.with_blank(_my_councils(), _("Choose a council"))
    preselect(form.council_id, "council")
    centre = save(form, lambda: _create(form), _("The centre was created."))
    if centre:
        return redirect_back(detail_url(centre))
    return render_form("centres/form.html", form, centre=None)


@bp.route("/<key>/edit", methods=["GET", "POST"])
def edit(key: str):
    """Change a centre's details."""
    centre = load_record(Centre, key, Permission.CENTRE_EDIT)
    form = _prepared(CentreForm, centre)
    if save(form, lambda: services.edit_centre(current_user, centre, **form.values()), _("Your changes were saved."),
            record=centre):
        return redirect_back(detail_url(centre))
    return render_form("centres/form.html", form, centre=centre)


@bp.post("/<key>/archive")
def archive(key: str):
    """Archive a centre: it leaves the public directory."""
    centre = load_record(Centre, key, Permission.CENTRE_ARCHIVE)
    return perform(lambda: services.archive_centre(current_user, centre),
                   _("The centre has been archived."), url_for("directory.centres"))
