"""A programme's requirements page: what it asks of its volunteers before they take a place (its own, and those it
shares with its coordinators' other programmes), and who has it (the rules in volunteering.requirements)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from planner.accounts.forms import ConfirmForm
from planner.clock import today_for
from planner.db import session
from planner.i18n import isolate
from planner.pagination import paginate
from planner.permissions import Permission, acts_under, can, require
from planner.pipeline import by_id_or_slug, get_or_404, run
from planner.translated import shown_name
from planner.volunteering import requirements
from planner.volunteering.forms import RecordsFilterForm, RequirementForm, RequirementMetForm, RequirementShareForm
from planner.volunteering.models import Programme, ProgrammeRequirement, RequirementMet

bp = Blueprint("requirements", __name__)


@bp.get("/programmes/<key>/requirements")
@login_required
def page(key: str):
    """What the programme asks, and who the coordinators recorded as having it."""
    return _page(_managed(key))


@bp.post("/programmes/<key>/requirements")
@login_required
def add(key: str):
    """Ask the programme's volunteers for something more."""
    programme = _managed(key)
    form = RequirementForm()
    if form.validate_on_submit() and run(lambda: requirements.add(current_user, programme, form.name.data,
                                                                  shareable=_shareable(programme)), form):
        flash(_("From now on a sign-up needs it: %(name)s.", name=isolate(form.name.data)), "success")
        return redirect(url_for(".page", key=programme.slug))
    return _page(programme, add_form=form), 400


@bp.post("/programmes/<key>/requirements/shared")
@login_required
def share(key: str):
    """Ask for what another programme the coordinator runs asks for: one record holds for both."""
    programme = _managed(key)
    shareable = _shareable(programme)
    form = _share_form(shareable)
    chosen = next((item for item in shareable if str(item.id) == form.requirement.data), None)
    if form.validate_on_submit() and run(lambda: requirements.share(current_user, programme, chosen), form):
        flash(_("From now on a sign-up needs it: %(name)s. A record of it holds for every programme asking for it.",
                name=isolate(shown_name(chosen))), "success")
        return redirect(url_for(".page", key=programme.slug))
    return _page(programme, share_form=form), 400


@bp.post("/programmes/<key>/requirements/met")
@login_required
def record(key: str):
    """Record that a volunteer has one of the things the programme asks."""
    programme = _managed(key)
    asked = requirements.of_programme(programme.id)
    form = _met_form(asked)
    chosen = next((item for item in asked if str(item.id) == form.requirement.data), None)
    if form.validate_on_submit() and (done := run(lambda: requirements.record_met(
            current_user, programme, chosen, form.emails.data, form.valid_until.data, today_for(current_user)),
            form)):
        flash(_recorded(done.value, chosen), "success")
        return redirect(url_for(".page", key=programme.slug))
    return _page(programme, met_form=form), 400


@bp.route("/requirements/<id:requirement_id>/edit", methods=["GET", "POST"])
@login_required
def rename(requirement_id: int):
    """Correct or change what a requirement is called; who has it stays recorded."""
    requirement = get_or_404(ProgrammeRequirement, requirement_id)
    require(Permission.SHIFT_MANAGE, requirement.programme)
    form = RequirementForm(data={"name": requirement.name})
    if form.validate_on_submit() and run(lambda: requirements.rename(current_user, requirement, form.name.data), form):
        flash(_("Renamed: %(name)s.", name=isolate(requirement.name)), "success")
        return redirect(url_for(".page", key=requirement.programme.slug))
    status = 400 if form.is_submitted() else 200
    return render_template("volunteering/requirement_edit.html", requirement=requirement, form=form), status


@bp.post("/programmes/<key>/requirements/<id:requirement_id>/remove")
@login_required
def remove(key: str, requirement_id: int):
    """The programme stops asking for it."""
    programme = _managed(key)
    requirement = _asked_by(programme, get_or_404(ProgrammeRequirement, requirement_id))
    if ConfirmForm().validate_on_submit() and run(lambda: requirements.remove(current_user, programme, requirement),
                                                  unplaced="flash"):
        flash(_("Sign-ups no longer need it."), "success")
    return redirect(url_for(".page", key=programme.slug))


@bp.post("/programmes/<key>/requirements-met/<id:met_id>/withdraw")
@login_required
def withdraw(key: str, met_id: int):
    """Take back a record that a volunteer has it."""
    programme = _managed(key)
    met = get_or_404(RequirementMet, met_id)
    _asked_by(programme, met.requirement)
    if ConfirmForm().validate_on_submit() and run(lambda: requirements.withdraw(current_user, met), unplaced="flash"):
        flash(_("The record is withdrawn: their next sign-up needs it again."), "success")
    return redirect(url_for(".page", key=programme.slug))


def _recorded(records: list[RequirementMet], requirement: ProgrammeRequirement) -> str:
    """What the coordinator is told: who has it now (by name, when one)."""
    if len(records) == 1:
        return _("Recorded: %(name)s has %(requirement)s. They have been told.",
                 name=isolate(records[0].volunteer.shown_name), requirement=isolate(shown_name(requirement)))
    return ngettext("Recorded: %(num)s volunteer has %(requirement)s. Each has been told.",
                    "Recorded: %(num)s volunteers have %(requirement)s. Each has been told.", len(records),
                    requirement=isolate(shown_name(requirement)))


def _managed(key: str) -> Programme:
    """The programme at this address, when the user runs it."""
    programme = by_id_or_slug(Programme, key)
    require(Permission.SHIFT_MANAGE, programme)
    return programme


def _asked_by(programme: Programme, requirement: ProgrammeRequirement) -> ProgrammeRequirement:
    """The requirement, when the programme asks for it (another programme's is not found here)."""
    if programme not in requirement.asking:
        abort(404)
    return requirement


def _shareable(programme: Programme) -> list[ProgrammeRequirement]:
    """What the user's other programmes ask for that this one does not."""
    kept_by = select(Programme.id).where(acts_under(current_user, Permission.SHIFT_MANAGE, Programme))
    return list(session.scalars(requirements.shareable_with(programme, kept_by)))


def _share_form(shareable: list[ProgrammeRequirement], submitted: bool = True) -> RequirementShareForm:
    form = RequirementShareForm() if submitted else RequirementShareForm(formdata=None)
    form.requirement.choices = [SelectChoice(str(item.id), _("%(requirement)s (%(programme)s)",
                                                              requirement=isolate(shown_name(item)),
                                                              programme=isolate(shown_name(item.programme))))
                                for item in shareable]
    return form


def _met_form(asked: list[ProgrammeRequirement], submitted: bool = True) -> RequirementMetForm:
    """The form that records a volunteer as having one of `asked`: as submitted, or empty."""
    form = RequirementMetForm() if submitted else RequirementMetForm(formdata=None)
    form.requirement.choices = [SelectChoice(str(item.id), shown_name(item)) for item in asked]
    return form


def _page(programme: Programme, add_form: RequirementForm | None = None,
          met_form: RequirementMetForm | None = None, share_form: RequirementShareForm | None = None) -> str:
    """The page, with the form that was sent (and its errors) and the others empty."""
    asked, today = requirements.of_programme(programme.id, with_programmes=True), today_for(current_user)
    finder = RecordsFilterForm(request.args)
    finder.offer_views(requirements.met_counts(programme.id, today))
    view, text = finder.chosen()
    found = {name: value for name, value in (("show", view), ("q", text)) if value}
    met = paginate(requirements.met_in_programme(programme.id, today, view, text),
                   query_args={"key": programme.slug, **found})
    keeps = {item.id for item in asked if can(current_user, Permission.SHIFT_MANAGE, item.programme)}
    return render_template("volunteering/requirements.html", programme=programme, asked=asked, met=met, keeps=keeps,
                           finder=finder, found=found,
                           add_form=add_form or RequirementForm(formdata=None),
                           met_form=met_form or _met_form(asked, submitted=False),
                           share_form=share_form or _share_form(_shareable(programme), submitted=False),
                           most=requirements.MOST_REQUIREMENTS, most_at_once=requirements.MOST_AT_ONCE)
