"""Partnership forms: coordinators and council members record partnerships their body is party to;
any party's coordinators or members (and whoever recorded it) may edit or archive it."""
from __future__ import annotations

from flask import Blueprint, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.centres.choices import centre_choices
from planner.councils.choices import council_choices
from planner.initiatives.choices import initiative_choices
from planner.organisations.choices import organisation_choices
from planner.partnerships import services
from planner.partnerships.forms import PartnershipForm
from planner.partnerships.models import Partnership
from planner.permissions import Permission, coordinated_organisation_ids, require
from planner.places.choices import country_choices
from planner.records import choices
from planner.records.views import carry_next, detail_url, load_record, perform, redirect_back, render_form, save
from planner.translated import shown_name

bp = Blueprint("partnerships", __name__, url_prefix="/partnerships")


def _current_values(partnership: Partnership) -> dict:
    parties = partnership.parties
    return {
        "council_ids": [p.council_id for p in parties if p.council_id],
        "centre_ids": [p.centre_id for p in parties if p.centre_id],
        "organisation_ids": [p.organisation_id for p in parties if p.organisation_id],
        "country_codes": [p.country_code for p in parties if p.country_code],
        "initiative_ids": [i.id for i in partnership.initiatives],
    }


def _prepared(partnership: Partnership | None = None) -> PartnershipForm:
    form = PartnershipForm(obj=partnership, **(_current_values(partnership) if partnership else {}))
    form.council_ids.choices = council_choices()
    form.centre_ids.choices = centre_choices()
    form.organisation_ids.choices = organisation_choices()
    form.country_codes.choices = country_choices()
    form.initiative_ids.choices = initiative_choices(coordinated_organisation_ids(current_user))
    if partnership is not None:
        _keep_current_choices(form, partnership)
    carry_next(form)
    return form


def _keep_current_choices(form: PartnershipForm, partnership: Partnership) -> None:
    """Parties and initiatives already linked stay selectable even when archived or outside the lists."""
    parties = partnership.parties
    form.council_ids.choices = choices.including(
        form.council_ids.choices, [(p.council_id, shown_name(p.council)) for p in parties if p.council_id])
    form.centre_ids.choices = choices.including(
        form.centre_ids.choices, [(p.centre_id, shown_name(p.centre)) for p in parties if p.centre_id])
    form.organisation_ids.choices = choices.including(
        form.organisation_ids.choices,
        [(p.organisation_id, shown_name(p.organisation)) for p in parties if p.organisation_id])
    form.initiative_ids.choices = choices.including(
        form.initiative_ids.choices, [(i.id, shown_name(i)) for i in partnership.initiatives])


@bp.route("/new", methods=["GET", "POST"])
def create():
    """Record a new partnership."""
    require(Permission.PARTNERSHIP_CREATE)
    form = _prepared()
    partnership = save(form, lambda: services.create_partnership(current_user, **form.values()),
                       _("The partnership was recorded."))
    if partnership:
        return redirect_back(detail_url(partnership))
    return render_form("partnerships/form.html", form, partnership=None)


@bp.route("/<key>/edit", methods=["GET", "POST"])
def edit(key: str):
    """Change a partnership's details, parties or initiatives."""
    partnership = load_record(Partnership, key, Permission.PARTNERSHIP_EDIT)
    form = _prepared(partnership)
    if save(form, lambda: services.edit_partnership(current_user, partnership, **form.values()),
            _("Your changes were saved."), record=partnership):
        return redirect_back(detail_url(partnership))
    return render_form("partnerships/form.html", form, partnership=partnership)


@bp.post("/<key>/archive")
def archive(key: str):
    """Archive a partnership: it leaves the public directory."""
    partnership = load_record(Partnership, key, Permission.PARTNERSHIP_ARCHIVE)
    return perform(lambda: services.archive_partnership(current_user, partnership),
                   _("The partnership has been archived."), url_for("directory.partnerships"))
