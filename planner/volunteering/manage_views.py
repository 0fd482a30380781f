"""Coordinators' pages: programmes and shifts (create, edit, archive, cancel), rosters and hours."""
from __future__ import annotations

from datetime import timedelta
from operator import attrgetter

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from planner.accounts.forms import ConfirmForm
from planner.clock import to_local, utcnow, zone_of
from planner.digits import typed_whole_number
from planner.i18n import isolate
from planner.names import by_shown_name
from planner.organisations.models import Organisation
from planner.pagination import requested_page
from planner.permissions import Permission, require
from planner.pipeline import by_id_or_slug, get_or_404
from planner.pipeline import dry_run, run
from planner.records.views import changed_since_shown, preselect
from planner.spreadsheets import csv_download, csv_lines
from planner.translated import shown_name
from planner.urls import absolute_url
from planner.volunteering import (checkin, choices, management, messages, queries, roster, series, services,
                                  shift_import, written_times)
from planner.volunteering.forms import (
    CheckInForm,
    AttendanceForm,
    CancelShiftForm,
    MessageVolunteersForm,
    ProgrammeEditForm,
    NewShiftForm,
    ProgrammeForm,
    ReleasePlaceForm,
    RosterFilterForm,
    SeriesScopeForm,
    ShiftForm,
    ShiftImportForm,
    SignUpSomeoneForm,
    UnnamedHelpersForm,
    language_choices,
)
from planner.volunteering.labels import signup_status_label
from planner.volunteering.messages import VolunteerMessage
from planner.volunteering.links import programme_url
from planner.volunteering.models import (DEFAULT_SHORT_NOTICE_HOURS, HOLDS_A_PLACE, Programme, Shift, ShiftSeries,
                                         Signup, SignupStatus)
from planner.volunteering.services import LIVE
from planner.volunteering.timezones import format_local

bp = Blueprint("manage", __name__)
CAMERA_ALLOWED = "camera=(self), microphone=(), geolocation=()"  # the check-in page may scan codes


def _all_valid(*checks: bool) -> bool:
    """True when every check passed; each check has already run, so every field shows its error."""
    return all(checks)


# --- programmes ----------------------------------------------------------------------------


def _programme_choices(form, initiatives: dict, owners: dict | None = None) -> None:
    if owners is not None:
        form.owner.choices = by_shown_name([(key, shown_name(owner)) for key, owner in owners.items()])
    form.initiative.choices = [("", _("None"))] + by_shown_name([
        (key, f"{shown_name(i.lead_organisation)} — {shown_name(i)}") for key, i in initiatives.items()])
    form.skills.choices = choices.skill_options()
    form.languages.choices = language_choices()


def _details(form, initiatives: dict) -> management.ProgrammeDetails:
    return management.ProgrammeDetails(
        name=form.name.data, summary=form.summary.data or "", initiative=initiatives.get(form.initiative.data or ""),
        skill_keys=form.skills.data or [], language_codes=form.languages.data or [],
        reminder_hours=form.reminder_hours.data or "", short_notice_hours=form.short_notice_hours.data,
    )


def _initiative_field_ok(form, initiatives: dict) -> bool:
    if form.initiative.data and form.initiative.data not in initiatives:
        form.initiative.errors = [_("Choose one of the listed initiatives.")]
        return False
    return True


@bp.route("/programmes/new", methods=["GET", "POST"])
@login_required
def new_programme():
    """Create a programme for an organisation or centre the coordinator runs."""
    owners = choices.owners_for(current_user)
    if not owners:
        abort(403)
    initiatives = choices.initiatives_for({o.id for o in owners.values() if isinstance(o, Organisation)})
    form = ProgrammeForm()
    _programme_choices(form, initiatives, owners)
    if not form.is_submitted():  # "New volunteer programme" links name the owner and the initiative
        preselect(form.owner, "owner")
        preselect(form.initiative, "initiative")
        form.short_notice_hours.data = DEFAULT_SHORT_NOTICE_HOURS
    if _all_valid(form.validate_on_submit(), request.method == "POST" and _initiative_field_ok(form, initiatives)):
        owner = owners[form.owner.data]
        require(Permission.PROGRAMME_CREATE, owner)
        done = run(lambda: management.create_programme(current_user, owner, _details(form, initiatives)), form)
        if done:
            programme = done.value
            flash(_("The programme is created. Add its first shift."), "success")
            return redirect(url_for(".new_shift", key=programme.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("volunteering/programme_form.html", form=form, programme=None), status


@bp.route("/programmes/<key>/edit", methods=["GET", "POST"])
@login_required
def edit_programme(key: str):
    """Change a programme's name, summary, initiative, skills and languages."""
    programme = by_id_or_slug(Programme, key)
    require(Permission.PROGRAMME_EDIT, programme)
    owner_ids = {programme.organisation_id} if programme.organisation_id else set()
    initiatives = choices.initiatives_for(owner_ids, keep=programme.initiative)
    form = ProgrammeEditForm(obj=None if request.method == "POST" else programme)
    _programme_choices(form, initiatives)
    if request.method == "GET":
        form.initiative.data = str(programme.initiative_id or "")
        form.skills.data = [skill.key for skill in programme.skills]
        form.languages.data = queries.languages_of([programme.id]).get(programme.id, [])
        form.reminder_hours.data = ", ".join(str(hours) for hours in programme.reminder_hours or [])
        changed_since_shown(form, programme)  # on the first showing: notes what the form shows of the programme
    elif _all_valid(form.validate_on_submit(), _initiative_field_ok(form, initiatives),
                    not changed_since_shown(form, programme)):
        done = run(lambda: management.edit_programme(current_user, programme, _details(form, initiatives)), form)
        if done:
            flash(_("The programme is saved."), "success")
            return redirect(programme_url(programme))
    status = 400 if request.method == "POST" else 200
    return render_template("volunteering/programme_form.html", form=form, programme=programme), status


@bp.post("/programmes/<key>/archive")
@login_required
def archive_programme(key: str):
    """Archive a programme; its upcoming shifts are cancelled and their volunteers told."""
    programme = by_id_or_slug(Programme, key)
    require(Permission.PROGRAMME_EDIT, programme)
    done = run(lambda: management.archive_programme(current_user, programme))
    if done:
        cancelled = done.value
        flash(ngettext("The programme is archived; %(num)s upcoming shift was cancelled.",
                       "The programme is archived; %(num)s upcoming shifts were cancelled.", cancelled), "success")
    return redirect(url_for(".edit_programme", key=programme.slug))


# --- shifts --------------------------------------------------------------------------------


def _managed_shift(shift_id: int) -> Shift:
    """The shift, for whoever may manage its programme (a 404 for no such shift, a 403 for anyone else)."""
    shift = get_or_404(Shift, shift_id)
    require(Permission.SHIFT_MANAGE, shift.programme)
    return shift


def _roster_row(shift_id: int, signup_id: int, statuses) -> tuple[Shift, Signup]:
    """A sign-up of this managed shift in one of these states; a 404 for any other."""
    shift = _managed_shift(shift_id)
    signup = get_or_404(Signup, signup_id)
    if signup.shift_id != shift.id or signup.status not in statuses:
        abort(404)
    return shift, signup


def _shift_choices(form, places: dict, centres: dict) -> None:
    form.locality.choices = [(key, place.name) for key, place in places.items()]
    form.centre.choices = [("", _("None"))] + by_shown_name(
        [(key, shown_name(centre)) for key, centre in centres.items()])


def _choice_errors(form, places: dict, centres: dict) -> bool:
    ok = True
    if form.locality.data not in places:
        form.locality.errors = [_("Choose one of the listed places.")]
        ok = False
    if form.centre.data and form.centre.data not in centres:
        form.centre.errors = [_("Choose one of the listed centres.")]
        ok = False
    return ok


@bp.route("/programmes/<key>/shifts/new", methods=["GET", "POST"])
@login_required
def new_shift(key: str):
    """Add a shift to a programme."""
    programme = by_id_or_slug(Programme, key)
    require(Permission.SHIFT_MANAGE, programme)
    places, centres = choices.localities_for(programme), choices.centres_for(programme)
    copied = _copied(programme) if request.method == "GET" else None
    form = NewShiftForm(obj=copied)
    _shift_choices(form, places, centres)
    if copied:
        _prefill_copy(form, copied)
    if _all_valid(form.validate_on_submit(), request.method == "POST" and _choice_errors(form, places, centres)):
        details = form.details(places, centres)
        if form.repeat.data:
            repeat = _repeat(form)
            done = run(lambda: series.create_series(current_user, programme, details, repeat), form)
            if done:
                flash(_("The series is added, with its shifts for the coming weeks."), "success")
                return redirect(url_for("volunteering.series_page", series_id=done.value.id))
        elif done := run(lambda: management.create_shift(current_user, programme, details), form):
            flash(_("The shift is added, and volunteers can sign up for it now."), "success")
            return redirect(url_for("volunteering.shift", shift_id=done.value.id))
    status = 400 if request.method == "POST" else 200
    return render_template("volunteering/shift_form.html", form=form, programme=programme, shift=None,
                           copied=copied), status


def _copied(programme: Programme) -> Shift | None:
    """The shift a new one starts from (`?copy=` a shift of this programme; anything else is ignored)."""
    wanted = typed_whole_number(request.args.get("copy"), most_digits=12)
    return queries.programme_shift(programme.id, wanted) if wanted else None


def _prefill_copy(form: NewShiftForm, shift: Shift) -> None:
    """The form holds the shift's details, on the same weekday and hours a week on (or the first such week still
    to come): the coordinator changes the date and whatever else differs."""
    _prefill(form, shift)
    today = to_local(utcnow(), shift.locality.timezone).replace(tzinfo=None)
    weeks = max(1, -((form.starts_at.data - today) // timedelta(weeks=1)))
    form.starts_at.data += timedelta(weeks=weeks)
    form.ends_at.data += timedelta(weeks=weeks)


@bp.route("/programmes/<key>/shifts/import", methods=["GET", "POST"])
@login_required
def import_shifts(key: str):
    """Add many shifts at once from a spreadsheet saved as CSV: all of its rows, or none with each row's problems;
    a file is checked and what it would add shown first, and added when that preview is confirmed."""
    programme = by_id_or_slug(Programme, key)
    require(Permission.SHIFT_MANAGE, programme)
    form, problems, preview = ShiftImportForm(), [], None
    if form.validate_on_submit():
        if form.checked.data:
            done = _add_checked(programme, form)
            if done:
                flash(_imported(done.value), "success")
                return redirect(programme_url(programme))
        else:
            done = _check(programme, form)
            preview = done.value
        problems = getattr(done.error, "problems", [])
    status = 400 if request.method == "POST" and preview is None else 200
    return render_template("volunteering/shift_import.html", form=form, programme=programme, preview=preview,
                           problems=problems[:shift_import.PROBLEMS_SHOWN],
                           more_problems=max(0, len(problems) - shift_import.PROBLEMS_SHOWN),
                           file_hint=shift_import.FILE_HINT, iso_example=written_times.ISO_EXAMPLE,
                           day_first_example=written_times.DAY_FIRST_EXAMPLE,
                           named_example=written_times.named_example()), status


@bp.get("/programmes/<key>/shifts/import/template.csv")
@login_required
def import_template(key: str):
    """A spreadsheet to fill in for the import: every column named, and two example shifts."""
    programme = by_id_or_slug(Programme, key)
    require(Permission.SHIFT_MANAGE, programme)
    rows = shift_import.template_rows(_import_choices(programme))
    return csv_download(f"shifts-template-{programme.slug}.csv", csv_lines(rows[0], rows[1:]), private=True)


@bp.get("/programmes/<key>/shifts.csv")
@login_required
def shifts_csv(key: str):
    """The programme's shifts in the import's columns: a season to copy, its dates changed, by importing it."""
    programme = by_id_or_slug(Programme, key)
    require(Permission.SHIFT_MANAGE, programme)
    rows = shift_import.programme_rows(programme)
    return csv_download(f"shifts-{programme.slug}.csv", csv_lines(rows[0], rows[1:]), private=True)


def _check(programme: Programme, form: ShiftImportForm):
    """A file chosen: checked, and what it would add shown for the coordinator to confirm; nothing is added yet."""
    data, offered = form.file.data.read(shift_import.MAX_BYTES + 1), _import_choices(programme)
    return dry_run(lambda: shift_import.preview(shift_import.import_shifts(current_user, programme, data, offered),
                                                data), form)


def _add_checked(programme: Programme, form: ShiftImportForm):
    """The file a preview showed, sent back: its shifts added, checked again as they are."""
    checked, offered = form.checked.data, _import_choices(programme)
    return run(lambda: shift_import.import_shifts(current_user, programme, shift_import.unsealed(checked), offered),
               form)


def _import_choices(programme: Programme) -> shift_import.Choices:
    return shift_import.Choices(choices.localities_for(programme), choices.centres_for(programme))


def _imported(shifts: list[Shift]) -> str:
    """What an import added, with its first and last start on their places' clocks: a date read other than
    the coordinator meant shows at once."""
    first, last = (isolate(format_local(shift.starts_at, zone_of(shift)))
                   for shift in (min(shifts, key=attrgetter("starts_at")), max(shifts, key=attrgetter("starts_at"))))
    if len(shifts) == 1:
        return _("The shift is added, starting %(first)s; volunteers can sign up for it now.", first=first)
    return ngettext("%(num)s shifts are added, the first starting %(first)s and the last %(last)s; volunteers can "
                    "sign up for them now.",  # never fewer than two here, so both forms name both
                    "%(num)s shifts are added, the first starting %(first)s and the last %(last)s; volunteers can "
                    "sign up for them now.", len(shifts), first=first, last=last)


def _repeat(form: NewShiftForm) -> series.Repeat:
    ends_on_date = form.ends.data == "until"
    return series.Repeat(
        kind=form.repeat.data, weekdays=form.weekdays.data or [], nth=int(form.nth.data or 1),
        until=form.until.data if ends_on_date else None, count=None if ends_on_date else form.count.data,
        exceptions=getattr(form, "skipped_days", []),
    )


def _prefill(form, shift: Shift) -> None:
    for name, value in form.held_as(shift).items():
        form[name].data = value


@bp.route("/shifts/<id:shift_id>/edit", methods=["GET", "POST"])
@login_required
def edit_shift(shift_id: int):
    """Change a shift; places never drop below those already confirmed."""
    shift = _managed_shift(shift_id)
    places = choices.localities_for(shift.programme, keep=shift.locality)
    centres = choices.centres_for(shift.programme, keep=shift.centre)
    form = ShiftForm(obj=None if request.method == "POST" else shift)
    scope = SeriesScopeForm() if shift.series_id else None
    _shift_choices(form, places, centres)
    if request.method == "GET":
        _prefill(form, shift)
        changed_since_shown(form, shift)  # on the first showing: notes what the form shows of the shift
    elif _all_valid(form.validate_on_submit(), _choice_errors(form, places, centres),
                    scope is None or scope.validate(), not changed_since_shown(form, shift)):
        details = form.details(places, centres)
        if scope and scope.scope.data == "following":
            done = run(lambda: series.edit_following(current_user, shift_id, details), form)
            message = _("This shift and the following ones are saved; their volunteers have been told.")
        else:
            done = run(lambda: management.edit_shift(current_user, shift_id, details), form)
            message = _("The shift is saved.")
        if done:
            flash(message, "success")
            return redirect(url_for("volunteering.shift", shift_id=shift_id))
    status = 400 if request.method == "POST" else 200
    return render_template("volunteering/shift_form.html", form=form, programme=shift.programme,
                           shift=shift, scope=scope), status


@bp.route("/shifts/series/<id:series_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_series(series_id: int):
    """Cancel every shift still to come in a series, after asking for the reason volunteers will read."""
    record = get_or_404(ShiftSeries, series_id)
    require(Permission.SHIFT_MANAGE, record.programme)
    form = CancelShiftForm()
    if form.validate_on_submit():
        done = run(lambda: series.cancel_series(current_user, series_id, form.reason.data or ""))
        if done:
            flash(ngettext("The series is cancelled: %(num)s shift, and everyone on it has been told.",
                           "The series is cancelled: %(num)s shifts, and everyone on them has been told.",
                           done.value), "success")
        return redirect(url_for("volunteering.series_page", series_id=series_id))
    status = 400 if request.method == "POST" else 200
    return render_template("volunteering/cancel_series.html", form=form, series=record,
                           description=series.describe(record)), status


@bp.route("/shifts/<id:shift_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_shift(shift_id: int):
    """Ask for a reason, then cancel the shift and tell everyone on it."""
    shift = _managed_shift(shift_id)
    form = CancelShiftForm()
    if form.validate_on_submit():
        done = run(lambda: management.cancel_shift(current_user, shift_id, form.reason.data or ""))
        if done:
            flash(ngettext("The shift is cancelled; %(num)s volunteer has been told.",
                           "The shift is cancelled; %(num)s volunteers have been told.", done.value), "success")
        return redirect(url_for("volunteering.shift", shift_id=shift_id))
    status = 400 if request.method == "POST" else 200
    return render_template("volunteering/cancel_shift.html", form=form, shift=shift), status


@bp.route("/shifts/<id:shift_id>/message", methods=["GET", "POST"])
@login_required
def message_volunteers(shift_id: int):
    """Write to the volunteers of the shift: those with a place, and those waiting if chosen."""
    shift = _managed_shift(shift_id)
    form = MessageVolunteersForm()
    if form.validate_on_submit():
        done = run(lambda: messages.write_to_volunteers(current_user, shift_id, _message_from(form)), form)
        if done:
            _flash_sent(done.value)
            return redirect(url_for(".roster_page", shift_id=shift_id))
    status = 400 if request.method == "POST" else 200
    return render_template("volunteering/message_volunteers.html", form=form, shift=shift,
                           waiting=queries.waitlist_lengths([shift.id]).get(shift.id, 0),
                           sent=messages.sent_before(shift), zone=zone_of(shift)), status


@bp.route("/programmes/<key>/message", methods=["GET", "POST"])
@login_required
def message_programme(key: str):
    """Write to the volunteers of every coming shift of the programme: one message each, naming their shifts."""
    programme = by_id_or_slug(Programme, key)
    require(Permission.SHIFT_MANAGE, programme)
    form = MessageVolunteersForm()
    if form.validate_on_submit():
        done = run(lambda: messages.write_to_programme_volunteers(current_user, programme.id, _message_from(form)),
                   form)
        if done:
            _flash_sent(done.value)
            return redirect(programme_url(programme))
    status = 400 if request.method == "POST" else 200
    return render_template("volunteering/message_programme.html", form=form, programme=programme,
                           reach=queries.programme_reach(programme.id), sent=messages.sent_before(programme),
                           zone="UTC"), status


def _message_from(form: MessageVolunteersForm) -> VolunteerMessage:
    return VolunteerMessage(form.subject.data, form.text.data, waitlist_too=form.audience.data == "everyone")


def _flash_sent(recipients: int) -> None:
    flash(ngettext("Your message is on its way to %(num)s volunteer.",
                   "Your message is on its way to %(num)s volunteers.", recipients), "success")


# --- roster and hours ----------------------------------------------------------------------


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
    forms = {s.id: failed if s.id == failed_id else _attendance_form(s) for s in page.items}
    now = utcnow()
    return render_template("volunteering/roster.html", shift=shift, page=page, forms=forms, finder=finder,
                           filtered=bool(chosen.args()), kept=_roster_args(finder, page.number),
                           started=shift.starts_at <= now, ended=shift.ends_at <= now, rest_form=ConfirmForm(),
                           check_in_open=checkin.check_in_open(shift, now),
                           sign_up_form=sign_up_form or _sign_up_someone_form(shift), counts=counts,
                           helpers_form=helpers_form or _unnamed_helpers_form(shift),
                           waitlist=queries.waitlist(shift.id),
                           waiting=queries.waitlist_lengths([shift.id]).get(shift.id, 0)), (
        404 if page.beyond_end and status == 200 else status)


def _roster_filter(finder: RosterFilterForm) -> queries.RosterFilter:
    """What the roster's query string asks for; an unknown view (an old link) or a search too long to be a name
    shows everyone."""
    text = finder.q.data if finder.validate() and finder.q.data else ""
    return queries.RosterFilter(finder.show.data if finder.show.data in queries.ROSTER_VIEWS else "", text)


def _roster_args(finder: RosterFilterForm | None = None, number: int | None = None) -> dict:
    """The roster's filter and page as the query string keeps them, so that a row's form comes back to them."""
    number = number or requested_page()
    return _roster_filter(finder or RosterFilterForm(request.args)).args() | ({"page": number} if number > 1 else {})


@bp.get("/shifts/<id:shift_id>/roster")
@login_required
def roster_page(shift_id: int):
    """Who holds a place and who waits; attendance and hours once the shift has started."""
    shift = _managed_shift(shift_id)
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
    shift = _managed_shift(shift_id)
    if ConfirmForm().validate_on_submit() and (done := run(
            lambda: checkin.check_in_named(current_user, shift, signup_id), unplaced="flash")):
        way, signup = done.value
        name = isolate(signup.volunteer.shown_name)
        flash(_("%(name)s is checked in.", name=name) if way == "in" else
              _("%(name)s is checked out.", name=name), "success")
    return _back_to_the_row(shift.id, signup_id)


def _back_to_the_row(shift_id: int, signup_id: int):
    """The roster as the coordinator left it (its filter and page), at the row they changed."""
    return redirect(url_for(".roster_page", shift_id=shift_id, **_roster_args(), _anchor=f"signup-{signup_id}"))


@bp.post("/shifts/<id:shift_id>/roster/unnamed-helpers")
@login_required
def unnamed_helpers(shift_id: int):
    """Record how many came to help with no account here, and their hours each."""
    shift = _managed_shift(shift_id)
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
    shift = _managed_shift(shift_id)
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
    shift = _managed_shift(shift_id)
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
                                                       newcomer=newcomer), form)):
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
    shift = _managed_shift(shift_id)
    form = CheckInForm()
    if form.validate_on_submit() and (done := run(lambda: checkin.check_in(current_user, shift, form.code.data),
                                                  form)):
        way, signup = done.value
        name = isolate(signup.volunteer.shown_name)
        flash(_("%(name)s is checked in.", name=name) if way == "in" else
              _("%(name)s is checked out.", name=name), "success")
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
    shift = _managed_shift(shift_id)
    zone = shift.locality.timezone
    rows = [(s.volunteer.shown_name, "" if s.volunteer.is_deleted else s.volunteer.email,
             signup_status_label(s.status), s.hours if s.hours_verified_at else "",
             format_local(s.created_at, zone, "short"), s.party_size, s.guest_names,
             _written_at(s.checked_in_at, zone), _written_at(s.checked_out_at, zone))
            for s in queries.roster(shift.id)]
    if shift.unnamed_helpers:  # counted, not named: one line for them all, with their hours together
        rows.append((_("Helpers without an account (%(num)s)", num=shift.unnamed_helpers), "", "",
                     shift.unnamed_helpers * shift.unnamed_hours_each, "", shift.unnamed_helpers, "", "", ""))
    header = [_("Name"), _("Email"), _("Status"), _("Verified hours"), _("Signed up"), _("People"), _("Guests"),
              _("Checked in"), _("Checked out")]
    return csv_download(f"roster-shift-{shift.id}.csv", csv_lines(header, rows), private=True)


def _written_at(instant, zone: str) -> str:
    """A moment on the shift's clock, as the download writes it ("" for none)."""
    return format_local(instant, zone, "short") if instant else ""
