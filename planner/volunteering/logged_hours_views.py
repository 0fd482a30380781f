"""Hours given outside the shifts: the volunteer's form and list, and the programme's queue its coordinators verify
or decline from (the rules in volunteering.logged_hours)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from planner.accounts.forms import ConfirmForm
from planner.clock import today_for
from planner.digits import format_count
from planner.i18n import isolate
from planner.pagination import paginate
from planner.permissions import Permission, require
from planner.pipeline import by_id_or_slug, get_or_404, run
from planner.translated import shown_name
from planner.volunteering import logged_hours
from planner.volunteering.forms import (DeclineLoggedHoursForm, LogHoursForm, RecordHoursForm,
                                        VerifyLoggedHoursForm)
from planner.volunteering.models import LoggedHours, LoggedHoursStatus, Programme

bp = Blueprint("logged_hours", __name__)
QUEUE_VIEWS = {status.value: status for status in LoggedHoursStatus}


@bp.route("/programmes/<key>/log-hours", methods=["GET", "POST"])
@login_required
def log(key: str):
    """Log hours given to the programme outside its shifts, for its coordinators to verify."""
    programme = by_id_or_slug(Programme, key)
    require(Permission.RECORD_VIEW, programme, hide=True)
    require(Permission.HOURS_LOG, programme)
    form = LogHoursForm(data=None if request.method == "POST" else {"worked_on": today_for(current_user)})
    if form.validate_on_submit() and run(lambda: logged_hours.log(
            current_user, programme, form.worked_on.data, form.hours.data, form.description.data or ""), form):
        flash(_("Your hours are logged. A coordinator of %(programme)s will verify them.",
                programme=isolate(shown_name(programme))), "success")
        return redirect(url_for(".mine"))
    refused = request.method == "POST"
    return render_template("volunteering/log_hours.html", programme=programme, form=form), 400 if refused else 200


@bp.get("/me/logged-hours")
@login_required
def mine():
    """The hours the volunteer logged outside the shifts, with where each stands."""
    require(Permission.ACCOUNT_SELF)
    return render_template("volunteering/my_logged_hours.html",
                           page=paginate(logged_hours.of_volunteer(current_user.id)))


@bp.post("/logged-hours/<id:entry_id>/withdraw")
@login_required
def withdraw(entry_id: int):
    """Take back one's own logged hours while they wait."""
    entry = get_or_404(LoggedHours, entry_id)
    require(Permission.HOURS_LOG_WITHDRAW, entry, hide=True)
    if ConfirmForm().validate_on_submit() and run(lambda: logged_hours.withdraw(current_user, entry),
                                                  unplaced="flash"):
        flash(_("Those hours are withdrawn."), "success")
    return redirect(url_for(".mine"))


@bp.route("/programmes/<key>/logged-hours", methods=["GET", "POST"])
@login_required
def queue(key: str):
    """The hours volunteers logged for the programme: those waiting first, oldest day first; or those decided. Its
    form records hours for a volunteer, verified at once."""
    programme = by_id_or_slug(Programme, key)
    require(Permission.SHIFT_MANAGE, programme)
    today = today_for(current_user)
    form = RecordHoursForm(data=None if request.method == "POST" else {"worked_on": today})
    if form.validate_on_submit() and (done := run(lambda: logged_hours.record_for(
            current_user, programme, form.email.data, form.worked_on.data, form.hours.data,
            form.description.data or ""), form)):
        flash(_("Recorded and verified: %(hours)s hours of %(name)s. They have been told.",
                hours=format_count(done.value.hours), name=isolate(done.value.volunteer.shown_name)), "success")
        return redirect(url_for(".queue", key=programme.slug, show="verified"))
    status = QUEUE_VIEWS.get(request.args.get("show", ""), LoggedHoursStatus.PENDING)
    page = paginate(logged_hours.of_programme(programme.id, status),
                    query_args={"key": programme.slug, "show": status.value})
    refused = request.method == "POST"
    return render_template("volunteering/logged_hours_queue.html", programme=programme, page=page, status=status,
                           form=form), 400 if refused else 200


@bp.post("/logged-hours/<id:entry_id>/verify")
@login_required
def verify(entry_id: int):
    """Verify logged hours, as logged or corrected."""
    entry = get_or_404(LoggedHours, entry_id)
    require(Permission.HOURS_LOG_DECIDE, entry)
    form = VerifyLoggedHoursForm()
    if not form.validate_on_submit():
        _flash_errors(form)
    elif run(lambda: logged_hours.verify(current_user, entry, form.hours.data), unplaced="flash"):
        flash(_("Verified: %(hours)s hours of %(name)s.", hours=format_count(entry.hours),
                name=isolate(entry.volunteer.shown_name)), "success")
    return redirect(url_for(".queue", key=entry.programme.slug))


@bp.post("/logged-hours/<id:entry_id>/decline")
@login_required
def decline(entry_id: int):
    """Decline logged hours, with a reason the volunteer is e-mailed."""
    entry = get_or_404(LoggedHours, entry_id)
    require(Permission.HOURS_LOG_DECIDE, entry)
    form = DeclineLoggedHoursForm()
    if not form.validate_on_submit():
        _flash_errors(form)
    elif run(lambda: logged_hours.decline(current_user, entry, form.reason.data or ""), unplaced="flash"):
        flash(_("Declined: the hours of %(name)s. They have been told.", name=isolate(entry.volunteer.shown_name)),
              "success")
    return redirect(url_for(".queue", key=entry.programme.slug))


def _flash_errors(form) -> None:
    """A row's form is on a list: what was wrong with it is said at the top of the list."""
    errors = [f"{field.label.text}: {error}" for field in form for error in field.errors]
    for error in errors or [_("Nothing was saved: please try again.")]:
        flash(error, "error")
