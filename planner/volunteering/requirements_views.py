"""A programme's requirements page: what it asks of its volunteers before they take a place, and who has it (the
rules in volunteering.requirements)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from planner.accounts.forms import ConfirmForm
from planner.clock import today_for
from planner.i18n import isolate
from planner.pagination import paginate
from planner.permissions import Permission, require
from planner.pipeline import by_id_or_slug, get_or_404, run
from planner.translated import shown_name
from planner.volunteering import requirements
from planner.volunteering.forms import RequirementForm, RequirementMetForm
from planner.volunteering.models import Programme, ProgrammeRequirement, RequirementMet

bp = Blueprint("requirements", __name__)


@bp.get("/programmes/<key>/requirements")
@login_required
def page(key: str):
    """What the programme asks, and who the coordinators recorded as having it."""
    programme = by_id_or_slug(Programme, key)
    require(Permission.SHIFT_MANAGE, programme)
    return _page(programme)


@bp.post("/programmes/<key>/requirements")
@login_required
def add(key: str):
    """Ask the programme's volunteers for something more."""
    programme = by_id_or_slug(Programme, key)
    require(Permission.SHIFT_MANAGE, programme)
    form = RequirementForm()
    if form.validate_on_submit() and run(lambda: requirements.add(current_user, programme, form.name.data), form):
        flash(_("From now on a sign-up needs it: %(name)s.", name=isolate(form.name.data)), "success")
        return redirect(url_for(".page", key=programme.slug))
    return _page(programme, add_form=form), 400


@bp.post("/programmes/<key>/requirements/met")
@login_required
def record(key: str):
    """Record that a volunteer has one of the things the programme asks."""
    programme = by_id_or_slug(Programme, key)
    require(Permission.SHIFT_MANAGE, programme)
    asked = requirements.of_programme(programme.id)
    form = _met_form(asked)
    chosen = next((item for item in asked if str(item.id) == form.requirement.data), None)
    if form.validate_on_submit() and (done := run(lambda: requirements.record_met(
            current_user, chosen, form.email.data, form.valid_until.data, today_for(current_user)), form)):
        flash(_("Recorded: %(name)s has %(requirement)s. They have been told.",
                name=isolate(done.value.volunteer.shown_name), requirement=isolate(shown_name(chosen))), "success")
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


@bp.post("/requirements/<id:requirement_id>/remove")
@login_required
def remove(requirement_id: int):
    """Stop asking for it."""
    requirement = get_or_404(ProgrammeRequirement, requirement_id)
    require(Permission.SHIFT_MANAGE, requirement.programme)
    slug = requirement.programme.slug
    if ConfirmForm().validate_on_submit() and run(lambda: requirements.remove(current_user, requirement),
                                                  unplaced="flash"):
        flash(_("Sign-ups no longer need it."), "success")
    return redirect(url_for(".page", key=slug))


@bp.post("/requirements-met/<id:met_id>/withdraw")
@login_required
def withdraw(met_id: int):
    """Take back a record that a volunteer has it."""
    met = get_or_404(RequirementMet, met_id)
    require(Permission.SHIFT_MANAGE, met.requirement.programme)
    slug = met.requirement.programme.slug
    if ConfirmForm().validate_on_submit() and run(lambda: requirements.withdraw(current_user, met), unplaced="flash"):
        flash(_("The record is withdrawn: their next sign-up needs it again."), "success")
    return redirect(url_for(".page", key=slug))


def _met_form(asked: list[ProgrammeRequirement], submitted: bool = True) -> RequirementMetForm:
    """The form that records a volunteer as having one of `asked`: as submitted, or empty."""
    form = RequirementMetForm() if submitted else RequirementMetForm(formdata=None)
    form.requirement.choices = [SelectChoice(str(item.id), shown_name(item)) for item in asked]
    return form


def _page(programme: Programme, add_form: RequirementForm | None = None,
          met_form: RequirementMetForm | None = None) -> str:
    """The page, with the form that was sent (and its errors) and the other empty."""
    asked = requirements.of_programme(programme.id)
    met = paginate(requirements.met_in_programme(programme.id), query_args={"key": programme.slug})
    return render_template("volunteering/requirements.html", programme=programme, asked=asked, met=met,
                           add_form=add_form or RequirementForm(formdata=None),
                           met_form=met_form or _met_form(asked, submitted=False),
                           most=requirements.MOST_REQUIREMENTS)
