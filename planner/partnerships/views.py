"""Partnership forms: coordinators and council members record partnerships their body is party to;
the coordinators or members of any party that agreed (and whoever recorded it) may edit or archive it, and those of a
party asked agree or decline."""
from __future__ import annotations

from flask import Blueprint, abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.centres.choices import centre_choices
from planner.councils.choices import council_choices
from planner.initiatives.choices import initiative_choices
from planner.organisations.choices import organisation_choices
from planner.partnerships import services
from planner.partnerships.forms import PartnershipForm
from planner.partnerships.models import Partnership, PartnershipParty
from planner.permissions import Permission, can, coordinated_organisation_ids, require
from planner.pipeline import run
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


def _party_asked(key: str, party_id: int) -> tuple[Partnership, PartnershipParty]:
    """The partnership at this key and one of its parties the user may answer for (404 if it is not one of them)."""
    partnership = load_record(Partnership, key, Permission.RECORD_VIEW)
    party = next((party for party in partnership.parties if party.id == party_id), None)
    if party is None:
        abort(404)
    require(Permission.PARTNERSHIP_ANSWER, party)
    return partnership, party


@bp.post("/<key>/parties/<id:party_id>/agree")
def agree(key: str, party_id: int):
    """Agree, for a party one speaks for, to be named in the partnership."""
    partnership, _party = _party_asked(key, party_id)
    return perform(lambda: services.agree(current_user, party_id),
                   _("You agreed: the partnership names you among its parties."),
                   detail_url(partnership))


@bp.post("/<key>/parties/<id:party_id>/decline")
def decline(key: str, party_id: int):
    """Decline, for a party one speaks for, to be named in the partnership: it leaves it. Back to its page while
    the user still sees it, else to My planner."""
    partnership, _party = _party_asked(key, party_id)
    if run(lambda: services.decline(current_user, party_id)):
        flash(_("You declined: you are no longer among the partnership's parties."), "success")
    still_seen = can(current_user, Permission.RECORD_VIEW, partnership)
    return redirect_back(detail_url(partnership) if still_seen else url_for("me.home"))
