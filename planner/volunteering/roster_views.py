"""The roster of a shift, for whoever runs it: who holds a place and who waits, in pages found by name or by what is
still to do; attendance and hours, check-in at the door (by code, or by name for one who forgot theirs), signing
someone up or adding who came, helpers without an account, and the roster's download. Its addresses belong to the
coordinators' blueprint (manage_views.bp)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from planner.accounts.forms import ConfirmForm
from planner.clock import utcnow
from planner.i18n import isolate
from planner.pagination import requested_page
from planner.phones import shown_phone
from planner.pipeline import get_or_404, run
from planner.spreadsheets import csv_download, csv_lines
from planner.urls import absolute_url
from planner.volunteering import checkin, management, queries, requirements, roster, services
from planner.volunteering.forms import (
    AttendanceForm,
    CheckInForm,
    ReleasePlaceForm,
    RosterFilterForm,
    SignUpSomeoneForm,
    UnnamedHelpersForm,
)
from planner.volunteering.labels import signup_status_label
from planner.volunteering.manage_views import bp, managed_shift
from planner.volunteering.models import HOLDS_A_PLACE, Shift, Signup, SignupStatus
from planner.volunteering.services import LIVE
from planner.volunteering.timezones import format_local

CAMERA_ALLOWED = "camera=(self), microphone=(), geolocation=()"  # the check-in page may scan codes


def _roster_row(shift_id: int, signup_id: int, statuses) -> tuple[Shift, Signup]:
    """A sign-up of this managed shift in one of these states; a 404 for any other."""
    shift = managed_shift(shift_id)
    signup = get_or_404(Signup, signup_id)
    if signup.shift_id != shift.id or signup.status not in statuses:
        abort(404)
    return shift, signup




def _attendance_form(signup: Signup, formdata=None) -> AttendanceForm:
    form = AttendanceForm(formdata=formdata, prefix=f"signup-{signup.id}")
    if formdata is None:
        form.outcome.data = "no_show" if signup.status.value == "no_show" else "attended"
        form.hours.data = signup.hours if signup.hours is not None else (
            checkin.proposed_hours(signup) or roster.shift_length(signup.shift))
    return form


def _sign_up_someone_form(shift: Shift, formdata=None) -> SignUpSomeoneForm:
    form = SignUpSomeoneForm(formdata=formdata)
    form.offer_guests(shift.party_limit)
    form.offer_languages(str(get_locale()))
    return form


def _render_roster(shift: Shift, failed: AttendanceForm | None = None, failed_id: int | None = None,
                   status: int = 200, sign_up_form: SignUpSomeoneForm | None = None,
                   helpers_form: UnnamedHelpersForm | None = None):
    """The roster, a page of it as the coordinator filtered it, with a form per row once the shift has started."""
    counts, finder = queries.roster_counts(shift.id), RosterFilterForm(request.args)
    finder.offer_views(counts)
    chosen = _roster_filter(finder)
    page = queries.roster_page(shift.id, chosen, requested_page(), {"shift_id": shift.id, **chosen.args()})
    now = utcnow()
    started = shift.starts_at <= now
    forms = {s.id: failed if s.id == failed_id else _attendance_form(s) for s in page.items} if started else {}
    waitlist = queries.waitlist(shift.id)
    lacking = requirements.lacking_on_the_day(shift, [s.volunteer_id for s in [*page.items, *waitlist]])
    return render_template("volunteering/roster.html", shift=shift, page=page, forms=forms, finder=finder,
                           filtered=bool(chosen.args()), kept=_roster_args(finder, page.number),
                           started=started, ended=shift.ends_at <= now, rest_form=ConfirmForm(),
                           check_in_open=checkin.check_in_open(shift, now),
                           sign_up_form=sign_up_form or _sign_up_someone_form(shift), counts=counts,
                           helpers_form=helpers_form or _unnamed_helpers_form(shift),
                           waitlist=waitlist, lacking=lacking,
                           waiting=queries.waitlist_lengths([shift.id]).get(shift.id, 0)), (
        404 if page.beyond_end and status == 200 else status)


def _roster_filter(finder: RosterFilterForm) -> queries.RosterFilter:
    """What the roster's query string asks for; an unknown view (an old link) or a search too long to be a name
    shows everyone."""
    return queries.RosterFilter(*finder.chosen())


def _roster_args(finder: RosterFilterForm | None = None, number: int | None = None) -> dict:
    """The roster's filter and page as the query string keeps them, so that a row's form comes back to them."""
    number = number or requested_page()
    return _roster_filter(finder or RosterFilterForm(request.args)).args() | ({"page": number} if number > 1 else {})


@bp.get("/shifts/<id:shift_id>/roster")
@login_required
def roster_page(shift_id: int):
    """Who holds a place and who waits; attendance and hours once the shift has started."""
    shift = managed_shift(shift_id)
    return _render_roster(shift)


@bp.post("/shifts/<id:shift_id>/roster/<id:signup_id>")
@login_required
def mark(shift_id: int, signup_id: int):
    """Mark one volunteer attended (verifying their hours) or a no-show."""
    shift, signup = _roster_row(shift_id, signup_id, HOLDS_A_PLACE)
    form = _attendance_form(signup, request.form)
    if form.validate():
        attended = form.outcome.data == "attended"
        done = run(lambda: roster.mark_attendance(current_user, signup, attended, form.hours.data), form)
        if done:
            flash(_("Saved for %(name)s.", name=isolate(signup.volunteer.name)), "success")
            return _back_to_the_row(shift.id, signup.id)
    return _render_roster(shift, form, signup.id, status=400)


@bp.post("/shifts/<id:shift_id>/roster/<id:signup_id>/check-in")
@login_required
def check_in_named(shift_id: int, signup_id: int):
    """Check in (or out) a volunteer found by name on the roster: one who forgot their code, say."""
    shift = managed_shift(shift_id)
    if ConfirmForm().validate_on_submit() and (done := run(
            lambda: checkin.check_in_named(current_user, shift, signup_id), unplaced="flash")):
        _say_arrival(shift, *done.value)
    return _back_to_the_row(shift.id, signup_id)


def _say_arrival(shift: Shift, way: str, signup) -> None:
    """Who is checked in or out; on the way in, what the programme asks that they are not recorded as having."""
    name = isolate(signup.volunteer.shown_name)
    if way != "in":
        flash(_("%(name)s is checked out.", name=name), "success")
        return
    flash(_("%(name)s is checked in.", name=name), "success")
    lacking = requirements.lacking_on_the_day(shift, [signup.volunteer_id]).get(signup.volunteer_id)
    if lacking:
        flash(_("%(name)s is not recorded as having what the programme asks: %(names)s.", name=name, names=lacking),
              "error")


def _back_to_the_row(shift_id: int, signup_id: int):
    """The roster as the coordinator left it (its filter and page), at the row they changed."""
    return redirect(url_for(".roster_page", shift_id=shift_id, **_roster_args(), _anchor=f"signup-{signup_id}"))


@bp.post("/shifts/<id:shift_id>/roster/unnamed-helpers")
@login_required
def unnamed_helpers(shift_id: int):
    """Record how many came to help with no account here, and their hours each."""
    shift = managed_shift(shift_id)
    form = _unnamed_helpers_form(shift, request.form)
    if form.validate_on_submit() and run(lambda: roster.record_unnamed_helpers(
            current_user, shift, form.count.data, form.hours_each.data), form):
        flash(ngettext("Saved: %(num)s helper without an account.", "Saved: %(num)s helpers without an account.",
                       shift.unnamed_helpers), "success")
        return redirect(url_for(".roster_page", shift_id=shift.id, _anchor="unnamed-helpers"))
    return _render_roster(shift, status=400, helpers_form=form)


def _unnamed_helpers_form(shift: Shift, formdata=None) -> UnnamedHelpersForm:
    """The form, holding the shift's figures until changed (the hours each empty until some were recorded)."""
    recorded = {"count": shift.unnamed_helpers, "hours_each": shift.unnamed_hours_each if shift.unnamed_helpers
                else None}
    return UnnamedHelpersForm(formdata=formdata, prefix="unnamed", data=None if formdata else recorded)


@bp.post("/shifts/<id:shift_id>/roster/the-rest-came")
@login_required
def mark_the_rest(shift_id: int):
    """Mark everyone with a place who is not marked yet as having come (the coordinator then mends exceptions)."""
    shift = managed_shift(shift_id)
    marking = lambda: roster.mark_the_rest_attended(current_user, shift)  # noqa: E731
    if ConfirmForm().validate_on_submit() and (done := run(marking, unplaced="flash")):
        flash(ngettext("%(num)s volunteer is marked as attended.", "%(num)s volunteers are marked as attended.",
                       done.value) if done.value else _("Everyone with a place was marked already."), "success")
    return redirect(url_for(".roster_page", shift_id=shift.id))


@bp.post("/shifts/<id:shift_id>/roster/sign-up")
@login_required
def sign_up_someone(shift_id: int):
    """Sign a volunteer up for them (they asked by phone, or at the centre), by their account's address; once the
    shift has started, one who came without a place takes a free one and is checked in."""
    shift = managed_shift(shift_id)
    form = _sign_up_someone_form(shift, request.form)
    if form.validate_on_submit():
        said = _add_who_came(shift, form) if shift.starts_at <= utcnow() else _sign_up_for_them(shift, form)
        if said:
            flash(said, "success")
            return redirect(url_for(".roster_page", shift_id=shift_id))
    return _render_roster(shift, status=400, sign_up_form=form)


def _sign_up_for_them(shift: Shift, form: SignUpSomeoneForm) -> str | None:
    """What to tell the coordinator once the volunteer is signed up (None when the rules refused: the form says)."""
    party = services.Party(int(form.guests.data), form.guest_names.data or "")
    newcomer = _newcomer(form)
    if not (done := run(lambda: management.sign_up_for(current_user, shift.id, form.email.data, party,
                                                       newcomer=newcomer, note=form.note.data or ""), form)):
        return None
    outcome, name = done.value, isolate(done.value.signup.volunteer.shown_name)
    said = (_("%(name)s has a place on this shift and has been told.", name=name) if outcome.confirmed else
            _("The shift is full: %(name)s is number %(position)s on the waitlist and has been told.",
              name=name, position=outcome.position))
    return _with_account_opened(said, newcomer)


def _add_who_came(shift: Shift, form: SignUpSomeoneForm) -> str | None:
    newcomer = _newcomer(form)
    if not (done := run(lambda: management.add_who_came(current_user, shift, form.email.data, newcomer=newcomer),
                        form)):
        return None
    name = isolate(done.value.volunteer.shown_name)
    if done.value.checked_in_at is None:  # recorded after the shift
        said = _("%(name)s is on the roster: mark below whether they came, with their hours.", name=name)
    else:
        said = _("%(name)s has taken a free place and is checked in.", name=name)
    return _with_account_opened(said, newcomer)


def _newcomer(form: SignUpSomeoneForm) -> management.Newcomer:
    return management.Newcomer(form.name.data or "", bool(form.agreed.data), form.language.data)


def _with_account_opened(said: str, newcomer: management.Newcomer) -> str:
    if not newcomer.opened:
        return said
    return f"{said} " + _("We opened an account for them and e-mailed them a link to choose a password.")


@bp.route("/shifts/<id:shift_id>/roster/<id:signup_id>/release", methods=["GET", "POST"])
@login_required
def release_place(shift_id: int, signup_id: int):
    """Ask for a reason, then give up a volunteer's place (or waitlist place) for them and tell them."""
    shift, signup = _roster_row(shift_id, signup_id, LIVE)
    form = ReleasePlaceForm()
    if form.validate_on_submit():
        name, waiting = isolate(signup.volunteer.shown_name), signup.status is SignupStatus.WAITLISTED
        if run(lambda: management.release_place(current_user, signup_id, form.reason.data or ""), form):
            flash(_("%(name)s is no longer on the waitlist and has been told.", name=name) if waiting else
                  _("%(name)s no longer has a place on this shift and has been told.", name=name), "success")
            return redirect(url_for(".roster_page", shift_id=shift_id))
    status = 400 if request.method == "POST" else 200
    return render_template("volunteering/release_place.html", form=form, shift=shift, signup=signup), status


@bp.route("/shifts/<id:shift_id>/check-in", methods=["GET", "POST"])
@login_required
def check_in(shift_id: int):
    """Check-in at the door, made for a phone: type the volunteer's code (first time in, second time out)."""
    shift = managed_shift(shift_id)
    form = CheckInForm()
    if form.validate_on_submit() and (done := run(lambda: checkin.check_in(current_user, shift, form.code.data),
                                                  form)):
        _say_arrival(shift, *done.value)
        return redirect(url_for(".check_in", shift_id=shift.id))
    arrived = queries.checked_in_count(shift.id)
    venue_url = absolute_url("volunteering.check_in_here", shift_id=shift.id, code=checkin.venue_code(shift))
    page = render_template("volunteering/check_in.html", shift=shift, form=form, arrived=arrived,
                           venue_url=venue_url, venue_qr=checkin.code_qr(venue_url, _("The shift's own code")))
    return page, 400 if form.errors else 200, {"Permissions-Policy": CAMERA_ALLOWED}


@bp.get("/shifts/<id:shift_id>/roster.csv")
@login_required
def roster_csv(shift_id: int):
    """The roster as CSV, for the coordinator only."""
    shift = managed_shift(shift_id)
    zone = shift.locality.timezone
    rows = [(s.volunteer.shown_name, "" if s.volunteer.is_deleted else s.volunteer.email,
             signup_status_label(s.status), s.hours if s.hours_verified_at else "",
             format_local(s.created_at, zone, "short"), s.party_size, s.guest_names,
             _written_at(s.checked_in_at, zone), _written_at(s.checked_out_at, zone), shown_phone(s.volunteer.phone),
             s.note, s.volunteer.emergency_name, shown_phone(s.volunteer.emergency_phone))
            for s in queries.roster(shift.id)]
    if shift.unnamed_helpers:  # counted, not named: one line for them all, with their hours together
        rows.append((_("Helpers without an account (%(num)s)", num=shift.unnamed_helpers), "", "",
                     shift.unnamed_helpers * shift.unnamed_hours_each, "", shift.unnamed_helpers, "", "", "", "", "",
                     "", ""))
    header = [_("Name"), _("Email"), _("Status"), _("Verified hours"), _("Signed up"), _("People"), _("Guests"),
              _("Checked in"), _("Checked out"), _("Telephone"), _("Note"), _("In an emergency, call"),
              _("Their telephone")]
    return csv_download(f"roster-shift-{shift.id}.csv", csv_lines(header, rows), private=True)


def _written_at(instant, zone: str) -> str:
    """A moment on the shift's clock, as the download writes it ("" for none)."""
    return format_local(instant, zone, "short") if instant else ""
