"""Organisation forms: create and archive (administrators), edit (administrators and its coordinators)."""
from __future__ import annotations

from flask import Blueprint, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.organisations import services
from planner.organisations.forms import OrganisationForm
from planner.organisations.models import Organisation
from planner.permissions import Permission, require
from planner.places.choices import country_choices, locality_choices
from planner.records import choices
from planner.records.views import carry_next, detail_url, load_record, perform, redirect_back, render_form, save

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


def _prepared(organisation: Organisation | None = None) -> OrganisationForm:
    form = OrganisationForm(obj=organisation)
    form.country_code.choices = choices.with_blank(country_choices(), _("Choose a country"))
    form.locality_id.choices = choices.with_blank(locality_choices(), _("None"))
    carry_next(form)
    return form


@bp.route("/new", methods=["GET", "POST"])
def create():
    """A new organisation."""
    require(Permission.ORGANISATION_CREATE)
    form = _prepared()
    organisation = save(form, lambda: services.create_organisation(current_user, **form.values()),
                        _("The organisation was created."))
    if organisation:
        return redirect_back(detail_url(organisation))
    return render_form("organisations/form.html", form, organisation=None)


@bp.route("/<key>/edit", methods=["GET", "POST"])
def edit(key: str):
    """Change an organisation's details."""
    organisation = load_record(Organisation, key, Permission.ORGANISATION_EDIT)
    form = _prepared(organisation)
    if save(form, lambda: services.edit_organisation(current_user, organisation, **form.values()),
            _("Your changes were saved."), record=organisation):
        return redirect_back(detail_url(organisation))
    return render_form("organisations/form.html", form, organisation=organisation)


@bp.post("/<key>/archive")
def archive(key: str):
    """Archive an organisation: it leaves the public directory."""
    organisation = load_record(Organisation, key, Permission.ORGANISATION_ARCHIVE)
    return perform(lambda: services.archive_organisation(current_user, organisation),
                   _("The organisation has been archived."), url_for("directory.organisations"))
