"""Initiative pages: draft and edit (coordinators of the lead organisation), the life-cycle buttons,
the council's review queue, and a coordinator's own initiatives. The detail page is the directory's."""
from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.centres.choices import centre_choices
from planner.councils.choices import council_choices
from planner.initiatives import services
from planner.initiatives.forms import InitiativeForm, NewInitiativeForm, ReturnForm
from planner.initiatives.models import Initiative
from planner.organisations.choices import organisation_choices
from planner.organisations.models import Organisation
from planner.pagination import paginate
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
from planner.translated import shown_name
from planner.urls import absolute_url
from planner.vocab.choices import audience_choices, theme_choices

bp = Blueprint("initiatives", __name__, url_prefix="/initiatives")


def _prepared(form_class, initiative: Initiative | None = None):
    related = {}
    if initiative is not None:
        related = {"partner_ids": [o.id for o in initiative.partners],
                   "audience_keys": [a.key for a in initiative.audiences]}
    form = form_class(obj=initiative, **related)
    form.theme_key.choices = choices.with_blank(theme_choices(), _("Choose a theme"))
    form.council_id.choices = choices.with_blank(council_choices(), _("Choose a council"))
    form.venue_centre_id.choices = choices.with_blank(centre_choices(), _("No venue centre"))
    form.partner_ids.choices = organisation_choices()
    form.audience_keys.choices = audience_choices()
    if initiative is not None:
        form.partner_ids.choices = choices.including(form.partner_ids.choices,
                                                     [(o.id, shown_name(o)) for o in initiative.partners])
    carry_next(form)
    return form


def _lead_choices() -> list[tuple]:
    """The organisations the user may draft for."""
    return organisation_choices(acts_under(current_user, Permission.INITIATIVE_CREATE, Organisation))


def _create(form: NewInitiativeForm) -> Initiative:
    lead = get_or_404(Organisation, form.lead_organisation_id.data)
    require(Permission.INITIATIVE_CREATE, lead)
    values = form.values()
    values.pop("lead_organisation_id")
    return services.create_initiative(current_user, lead, **values)


@bp.route("/new", methods=["GET", "POST"])
def create():
    """Draft a new initiative for one of the user's organisations."""
    require(Permission.INITIATIVE_CREATE)
    form = _prepared(NewInitiativeForm)
    form.lead_organisation_id.choices = choices.with_blank(_lead_choices(), _("Choose an organisation"))
    preselect(form.lead_organisation_id, "organisation")
    initiative = save(form, lambda: _create(form),
                      _("Your draft was saved. Submit it for review when it is ready."))
    if initiative:
        return redirect_back(detail_url(initiative))
    return render_form("initiatives/form.html", form, initiative=None)


@bp.route("/<key>/edit", methods=["GET", "POST"])
def edit(key: str):
    """Change a draft or returned initiative."""
    initiative = load_record(Initiative, key, Permission.INITIATIVE_EDIT)
    form = _prepared(InitiativeForm, initiative)
    if save(form, lambda: services.edit_initiative(current_user, initiative, **form.values()),
            _("Your changes were saved."), record=initiative):
        return redirect_back(detail_url(initiative))
    return render_form("initiatives/form.html", form, initiative=initiative)


@bp.post("/<key>/submit")
def submit(key: str):
    """Send the initiative to its council for review."""
    initiative = load_record(Initiative, key, Permission.INITIATIVE_SUBMIT)
    return perform(lambda: services.submit(current_user, initiative),
                   _("The initiative is with its council for review. Until the council publishes it or returns it to "
                     "you, My planner lists it among your submitted initiatives."), detail_url(initiative))


@bp.post("/<key>/publish")
def publish(key: str):
    """Publish a submitted initiative."""
    initiative = load_record(Initiative, key, Permission.INITIATIVE_REVIEW)
    link = absolute_url("directory.initiative", key=initiative.slug)
    return perform(lambda: services.publish(current_user, initiative, link),
                   _("The initiative is published: anyone can find it in the directory now."), url_for(".review"))


@bp.route("/<key>/return", methods=["GET", "POST"])
def return_for_changes(key: str):
    """Return a submitted initiative to its coordinator with a comment."""
    initiative = load_record(Initiative, key, Permission.INITIATIVE_REVIEW)
    form = ReturnForm()
    link = absolute_url("initiatives.edit", key=initiative.slug)
    if save(form, lambda: services.return_for_changes(current_user, initiative, form.comment.data, link),
            _("The initiative was returned to its coordinator, who can change it and submit it again.")):
        return redirect_back(url_for(".review"))
    return render_form("initiatives/return.html", form, initiative=initiative)


@bp.post("/<key>/archive")
def archive(key: str):
    """Withdraw a draft, or take a published initiative out of the directory."""
    initiative = load_record(Initiative, key, Permission.INITIATIVE_ARCHIVE)
    return perform(lambda: services.archive(current_user, initiative),
                   _("The initiative has been archived."), url_for("directory.initiatives"))


@bp.get("/review")
def review():
    """The council's queue: submitted initiatives waiting for a decision."""
    require(Permission.INITIATIVE_REVIEW)
    return render_template("initiatives/review.html", page=paginate(services.review_queue(current_user)))


@bp.get("/mine")
def mine():
    """The initiatives of the user's organisations that are not public yet."""
    require(Permission.INITIATIVE_CREATE)
    return render_template("initiatives/mine.html", page=paginate(services.my_initiatives(current_user)))
