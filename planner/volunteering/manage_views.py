"""Coordinators' pages: programmes and shifts (create, copy, import, edit, archive, cancel) and writing to their
volunteers. The rosters' pages (planner.volunteering.roster_views) join this blueprint."""
from __future__ import annotations

from dataclasses import replace
from operator import attrgetter

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from planner.clock import zone_of
from planner.digits import typed_whole_number
from planner.i18n import isolate
from planner.names import by_shown_name
from planner.organisations.models import Organisation
from planner.permissions import Permission, require
from planner.pipeline import by_id_or_slug, dry_run, get_or_404, run
from planner.records.views import changed_since_shown, preselect
from planner.spreadsheets import csv_download, csv_lines
from planner.translated import shown_name
from planner.volunteering import choices, management, messages, queries, series, shift_import, written_times
from planner.volunteering.forms import (
    CancelShiftForm,
    MessageVolunteersForm,
    ProgrammeEditForm,
    NewShiftForm,
    ProgrammeForm,
    SeriesScopeForm,
    ShiftForm,
    ShiftImportForm,
    language_choices,
)
from planner.volunteering.messages import VolunteerMessage
from planner.volunteering.links import programme_url
from planner.volunteering.models import DEFAULT_SHORT_NOTICE_HOURS, Programme, Shift, ShiftSeries
from planner.volunteering.timezones import format_local

bp = Blueprint("manage", __name__)


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


def managed_shift(shift_id: int) -> Shift:
    """The shift, for whoever may manage its programme (a 404 for no such shift, a 403 for anyone else)."""
    shift = get_or_404(Shift, shift_id)
    require(Permission.SHIFT_MANAGE, shift.programme)
    return shift


def _shift_choices(form, places: dict, centres: dict) -> None:
    form.locality.choices = by_shown_name([(key, place.shown_name) for key, place in places.items()])
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
    copied = _copied(programme)  # posted too: the new shift keeps the languages of what it did not change
    form = NewShiftForm(obj=copied if request.method == "GET" else None)
    _shift_choices(form, places, centres)
    if copied and request.method == "GET":
        _prefill_copy(form, copied)
    if _all_valid(form.validate_on_submit(), request.method == "POST" and _choice_errors(form, places, centres)):
        details = replace(form.details(places, centres), copied_from=copied)
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
    later = management.weeks_to_copy_on(shift)
    form.starts_at.data += later
    form.ends_at.data += later


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
                           named_example=written_times.named_example(), language_codes=shift_import.LANGUAGES), status


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
    shift = managed_shift(shift_id)
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
            message = (ngettext("The shift is saved; %(num)s volunteer has been told of the change.",
                                "The shift is saved; %(num)s volunteers have been told of the change.", done.value)
                       if done.value else _("The shift is saved."))
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
    shift = managed_shift(shift_id)
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
    shift = managed_shift(shift_id)
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
